import { Schema } from "effect"
import { optional } from "../../definition/format/optional.ts"
import { Priority } from "../../definition/format/Definition.ts"
import { ErrorInfo } from "../schema/ErrorInfo.ts"
import { Instant } from "../schema/Instant.ts"
import { Payload } from "../schema/Payload.ts"

export const ChildStartRequested = Schema.TaggedStruct("ChildStartRequested", {
  token: Schema.String,
  step: Schema.String,
  childInstanceId: Schema.String,
  workflow: Schema.String,
  version: optional(Schema.Int),
  input: Payload,
  priority: Priority,
  commandId: Schema.String,
  at: Instant
})

export const ChildCompleted = Schema.TaggedStruct("ChildCompleted", {
  token: Schema.String,
  childInstanceId: Schema.String,
  output: Payload,
  into: optional(Schema.String),
  next: optional(Schema.String),
  at: Instant
})

export const ChildFailed = Schema.TaggedStruct("ChildFailed", {
  token: Schema.String,
  childInstanceId: Schema.String,
  error: ErrorInfo,
  at: Instant
})

export const ChildCancelRequested = Schema.TaggedStruct("ChildCancelRequested", {
  token: Schema.String,
  childInstanceId: Schema.String,
  commandId: Schema.String,
  at: Instant
})
