import { Schema } from "effect"
import { optional } from "../../definition/format/optional.ts"
import { ErrorInfo } from "../schema/ErrorInfo.ts"
import { Instant } from "../schema/Instant.ts"
import { ObjectPayload, Payload } from "../schema/Payload.ts"

const attempt = Schema.Int.pipe(Schema.positive())

export const ActivityScheduled = Schema.TaggedStruct("ActivityScheduled", {
  activityId: Schema.String,
  token: Schema.String,
  step: Schema.String,
  attempt,
  action: Schema.String,
  queue: optional(Schema.String),
  input: Payload,
  timeoutMs: optional(Schema.Int),
  heartbeatMs: optional(Schema.Int),
  idempotencyKey: Schema.String,
  compensation: Schema.Boolean,
  at: Instant
})

export const ActivityCompleted = Schema.TaggedStruct("ActivityCompleted", {
  activityId: Schema.String,
  attempt,
  result: Payload,
  output: optional(Schema.String),
  compensate: optional(Schema.String),
  next: optional(Schema.String),
  startedAt: optional(Instant),
  worker: optional(Schema.String),
  at: Instant
})

export const ActivityFailed = Schema.TaggedStruct("ActivityFailed", {
  activityId: Schema.String,
  attempt,
  error: ErrorInfo,
  startedAt: optional(Instant),
  worker: optional(Schema.String),
  at: Instant
})

export const ActivityCancelled = Schema.TaggedStruct("ActivityCancelled", {
  activityId: Schema.String,
  attempt,
  at: Instant
})

/** `set`: context paths and the values rendered for them. */
export const ContextSet = Schema.TaggedStruct("ContextSet", {
  token: Schema.String,
  step: Schema.String,
  values: ObjectPayload,
  compensate: optional(Schema.String),
  next: optional(Schema.String),
  at: Instant
})

export const LogRecorded = Schema.TaggedStruct("LogRecorded", {
  token: Schema.String,
  step: Schema.String,
  entry: Payload,
  compensate: optional(Schema.String),
  next: optional(Schema.String),
  at: Instant
})

export const StepPassed = Schema.TaggedStruct("StepPassed", {
  token: Schema.String,
  step: Schema.String,
  compensate: optional(Schema.String),
  next: optional(Schema.String),
  at: Instant
})

export const ChoiceMade = Schema.TaggedStruct("ChoiceMade", {
  token: Schema.String,
  step: Schema.String,
  choice: Schema.NullOr(Schema.Int),
  next: optional(Schema.String),
  at: Instant
})
