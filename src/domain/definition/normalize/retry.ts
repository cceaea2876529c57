import { canonicalDuration } from "./durations.ts"
import { defaultRetryPolicy, type RetryPolicy } from "../format/RetryPolicy.ts"

/** A retry policy with every field present. */
export type FullRetryPolicy = { readonly [K in keyof RetryPolicy]-?: Exclude<RetryPolicy[K], undefined> }

/**
 * The policy an action runs with: its own fields, else the workflow's, else the defaults —
 * field by field, so a step that sets only `maxAttempts` keeps the workflow's intervals.
 */
export const effectiveRetry = (workflow: RetryPolicy | undefined, step?: RetryPolicy): FullRetryPolicy => {
  const merged = { ...defaultRetryPolicy, ...workflow, ...step }
  return {
    maxAttempts: merged.maxAttempts,
    initialInterval: canonicalDuration(merged.initialInterval),
    backoffCoefficient: merged.backoffCoefficient,
    maxInterval: canonicalDuration(merged.maxInterval),
    jitter: merged.jitter,
    nonRetryable: [...new Set(merged.nonRetryable)].sort(),
    onExhausted: merged.onExhausted
  }
}
