import type { CompiledRetry } from "../../definition/compile/CompiledDefinition.ts"
import { jitterFraction } from "../derivedIds.ts"

/**
 * Whether a failed attempt is tried again: its error type is retryable (neither in the policy's
 * `nonRetryable` nor marked so by the worker) and fewer than `maxAttempts` attempts were made
 * since the step was entered or its incident resolved.
 */
export const retries = (
  policy: CompiledRetry,
  attemptsMade: number,
  errorType: string,
  markedNonRetryable: boolean
): boolean => !markedNonRetryable && !policy.nonRetryable.has(errorType) && attemptsMade < policy.maxAttempts

/**
 * The delay before the next attempt after `attemptsMade` attempts: `initialInterval ×
 * backoffCoefficient^(attemptsMade−1)`, capped at `maxInterval`, less a jitter share of it read
 * from a hash of (instance, token, next attempt) — so replay and every engine agree on it, and
 * it never exceeds what the policy says.
 */
export const retryDelayMs = (
  policy: CompiledRetry,
  attemptsMade: number,
  instanceId: string,
  token: string,
  nextAttempt: number
): number => {
  const base = Math.min(policy.initialMs * policy.coefficient ** (attemptsMade - 1), policy.maxMs)
  const jitter = policy.jitter * base * jitterFraction(instanceId, token, nextAttempt)
  return Math.max(0, Math.round(base - jitter))
}
