import { Schema } from "effect"
import { optional } from "../../definition/format/optional.ts"
import { ErrorInfo, OnExhausted } from "../schema/ErrorInfo.ts"
import { Instant } from "../schema/Instant.ts"

export const StepFailed = Schema.TaggedStruct("StepFailed", {
  token: Schema.String,
  step: Schema.String,
  error: ErrorInfo,
  onExhausted: OnExhausted,
  at: Instant
})

export const ErrorCaught = Schema.TaggedStruct("ErrorCaught", {
  token: Schema.String,
  step: Schema.String,
  error: ErrorInfo,
  by: Schema.Literal("catch", "onError"),
  catchIndex: optional(Schema.Int),
  into: optional(Schema.String),
  next: Schema.String,
  at: Instant
})
