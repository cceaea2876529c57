import { effectiveRetry } from "../normalize/retry.ts"
import type { RetryPolicy } from "../format/RetryPolicy.ts"
import type { CompiledRetry } from "./CompiledDefinition.ts"
import { ms } from "./compileCode.ts"

/** A step's policy over the workflow's, field by field, in milliseconds. */
export const compileRetry = (workflow: RetryPolicy | undefined, step?: RetryPolicy): CompiledRetry => {
  const policy = effectiveRetry(workflow, step)
  return {
    maxAttempts: policy.maxAttempts,
    initialMs: ms(policy.initialInterval),
    coefficient: policy.backoffCoefficient,
    maxMs: ms(policy.maxInterval),
    jitter: policy.jitter,
    nonRetryable: new Set(policy.nonRetryable),
    onExhausted: policy.onExhausted
  }
}
