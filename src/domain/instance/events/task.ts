import { Schema } from "effect"
import { optional } from "../../definition/format/optional.ts"
import { Priority } from "../../definition/format/Definition.ts"
import { Instant } from "../schema/Instant.ts"
import { ObjectPayload, Payload } from "../schema/Payload.ts"

export const TaskCreated = Schema.TaggedStruct("TaskCreated", {
  taskId: Schema.String,
  token: Schema.String,
  step: Schema.String,
  title: optional(Schema.String),
  role: Schema.String,
  assignee: optional(Schema.String),
  form: optional(ObjectPayload),
  outcomes: Schema.Array(Schema.String),
  dueAt: optional(Instant),
  priority: Priority,
  at: Instant
})

export const TaskClaimed = Schema.TaggedStruct("TaskClaimed", {
  taskId: Schema.String,
  by: Schema.String,
  commandId: Schema.String,
  at: Instant
})

export const TaskReleased = Schema.TaggedStruct("TaskReleased", {
  taskId: Schema.String,
  by: Schema.String,
  commandId: Schema.String,
  at: Instant
})

export const TaskReminded = Schema.TaggedStruct("TaskReminded", {
  taskId: Schema.String,
  reminder: Schema.Int,
  at: Instant
})

export const TaskEscalated = Schema.TaggedStruct("TaskEscalated", {
  taskId: Schema.String,
  role: Schema.String,
  by: optional(Schema.String),
  commandId: optional(Schema.String),
  at: Instant
})

export const TaskCompleted = Schema.TaggedStruct("TaskCompleted", {
  taskId: Schema.String,
  by: Schema.String,
  outcome: optional(Schema.String),
  data: Payload,
  into: optional(Schema.String),
  next: optional(Schema.String),
  commandId: Schema.String,
  at: Instant
})

export const TaskCancelled = Schema.TaggedStruct("TaskCancelled", { taskId: Schema.String, at: Instant })
