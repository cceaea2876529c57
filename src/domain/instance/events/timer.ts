import { Schema } from "effect"
import { optional } from "../../definition/format/optional.ts"
import { Instant } from "../schema/Instant.ts"

export const TimerPurpose = Schema.Literal(
  "retry",
  "attempt-timeout",
  "sleep",
  "wait-timeout",
  "remind",
  "escalate",
  "subflow-timeout",
  "workflow-timeout"
)
export type TimerPurpose = typeof TimerPurpose.Type

export const TimerScheduled = Schema.TaggedStruct("TimerScheduled", {
  timerId: Schema.String,
  purpose: TimerPurpose,
  token: optional(Schema.String),
  dueAt: Instant,
  at: Instant
})

export const TimerFired = Schema.TaggedStruct("TimerFired", { timerId: Schema.String, at: Instant })

export const TimerCancelled = Schema.TaggedStruct("TimerCancelled", { timerId: Schema.String, at: Instant })
