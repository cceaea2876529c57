import { Schema } from "effect"
import { optional } from "./optional.ts"
import { Duration } from "./Duration.ts"
import { Label } from "./Names.ts"

/** What happens when retries are exhausted and no `catch` or `onError` takes the error. */
export const OnExhausted = Schema.Literal("fail", "incident")

/**
 * A retry policy. At workflow level it is the default for every action; a step's `retry`
 * overrides it field by field. `jitter` is the fraction of each delay that is randomized —
 * deterministically, by a hash of (instance, token, attempt).
 */
export const RetryPolicy = Schema.Struct({
  maxAttempts: optional(Schema.Int.pipe(Schema.between(1, 1000))),
  initialInterval: optional(Duration),
  backoffCoefficient: optional(Schema.Number.pipe(Schema.between(1, 100))),
  maxInterval: optional(Duration),
  jitter: optional(Schema.Number.pipe(Schema.between(0, 1))),
  nonRetryable: optional(Schema.Array(Label)),
  onExhausted: optional(OnExhausted)
}).annotations({ identifier: "RetryPolicy" })
export type RetryPolicy = typeof RetryPolicy.Type

/** The policy every action gets when neither the workflow nor the step says otherwise. */
export const defaultRetryPolicy = {
  maxAttempts: 3,
  initialInterval: "1s",
  backoffCoefficient: 2,
  maxInterval: "1m",
  jitter: 0.1,
  nonRetryable: [],
  onExhausted: "fail"
} as const satisfies Required<RetryPolicy>
