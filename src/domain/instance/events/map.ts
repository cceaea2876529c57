import { Schema } from "effect"
import { optional } from "../../definition/format/optional.ts"
import { ErrorInfo, OnExhausted } from "../schema/ErrorInfo.ts"
import { Instant } from "../schema/Instant.ts"
import { Payload } from "../schema/Payload.ts"

export const MapStarted = Schema.TaggedStruct("MapStarted", {
  token: Schema.String,
  step: Schema.String,
  items: Schema.Array(Payload),
  concurrency: Schema.Int.pipe(Schema.positive()),
  output: optional(Schema.String),
  at: Instant
})

export const MapItemStarted = Schema.TaggedStruct("MapItemStarted", {
  token: Schema.String,
  index: Schema.Int,
  start: Schema.String,
  at: Instant
})

export const MapItemCompleted = Schema.TaggedStruct("MapItemCompleted", {
  token: Schema.String,
  index: Schema.Int,
  result: Payload,
  at: Instant
})

export const MapItemFailed = Schema.TaggedStruct("MapItemFailed", {
  token: Schema.String,
  index: Schema.Int,
  error: ErrorInfo,
  onExhausted: OnExhausted,
  at: Instant
})

export const MapItemCancelled = Schema.TaggedStruct("MapItemCancelled", {
  token: Schema.String,
  index: Schema.Int,
  at: Instant
})

export const MapCompleted = Schema.TaggedStruct("MapCompleted", {
  token: Schema.String,
  step: Schema.String,
  output: optional(Schema.String),
  next: optional(Schema.String),
  at: Instant
})
