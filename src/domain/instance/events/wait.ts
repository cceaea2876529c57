import { Schema } from "effect"
import { optional } from "../../definition/format/optional.ts"
import { Instant } from "../schema/Instant.ts"
import { Payload } from "../schema/Payload.ts"

export const WaitFor = Schema.Union(
  Schema.Struct({ kind: Schema.Literal("signal"), name: Schema.String }),
  Schema.Struct({ kind: Schema.Literal("event"), type: Schema.String, correlation: optional(Schema.String) }),
  Schema.Struct({ kind: Schema.Literal("time"), until: Instant })
)
export type WaitFor = typeof WaitFor.Type

export const WaitEntered = Schema.TaggedStruct("WaitEntered", {
  token: Schema.String,
  step: Schema.String,
  waitFor: WaitFor,
  timeoutAt: optional(Instant),
  at: Instant
})

export const WaitCompleted = Schema.TaggedStruct("WaitCompleted", {
  token: Schema.String,
  step: Schema.String,
  via: Schema.Literal("signal", "event", "time"),
  messageId: optional(Schema.String),
  payload: optional(Payload),
  into: optional(Schema.String),
  next: optional(Schema.String),
  at: Instant
})

export const WaitTimedOut = Schema.TaggedStruct("WaitTimedOut", {
  token: Schema.String,
  step: Schema.String,
  next: Schema.String,
  at: Instant
})

export const MessageKind = Schema.Literal("signal", "event")
export type MessageKind = typeof MessageKind.Type

export const MessageBuffered = Schema.TaggedStruct("MessageBuffered", {
  messageId: Schema.String,
  kind: MessageKind,
  name: Schema.String,
  correlation: optional(Schema.String),
  payload: Payload,
  commandId: Schema.String,
  expiresAt: Instant,
  at: Instant
})

export const MessagesExpired = Schema.TaggedStruct("MessagesExpired", {
  messageIds: Schema.Array(Schema.String),
  at: Instant
})
