import { Schema } from "effect"
import { optional } from "../../definition/format/optional.ts"
import { Priority } from "../../definition/format/Definition.ts"
import { CommandId, InstanceId } from "../../ids.ts"
import { ErrorInfo } from "../schema/ErrorInfo.ts"
import { Instant } from "../schema/Instant.ts"
import { Payload } from "../schema/Payload.ts"

/**
 * Commands to one instance. The engine stamps `commandId` (derived for internal commands,
 * `hash(tenant, route, Idempotency-Key)` for external ones) and `at` from its clock.
 */
const envelope = { commandId: CommandId, at: Instant }

/** A person acting on a human task: their subject and the groups (roles) they belong to. */
export const Person = Schema.Struct({
  subject: Schema.String.pipe(Schema.minLength(1)),
  groups: Schema.Array(Schema.String)
})
export type Person = typeof Person.Type

export const StartInstance = Schema.TaggedStruct("StartInstance", {
  ...envelope,
  instanceId: InstanceId,
  /** The published version the engine loaded: the decider refuses another. */
  workflow: Schema.Struct({ name: Schema.String, version: Schema.Int }),
  clientId: optional(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200))),
  input: Payload,
  priority: optional(Priority),
  parent: optional(Schema.Struct({ instanceId: Schema.String, token: Schema.String }))
})

export const CompleteActivity = Schema.TaggedStruct("CompleteActivity", {
  ...envelope,
  activityId: Schema.String,
  attempt: Schema.Int,
  result: Payload,
  startedAt: optional(Instant),
  worker: optional(Schema.String)
})

export const FailActivity = Schema.TaggedStruct("FailActivity", {
  ...envelope,
  activityId: Schema.String,
  attempt: Schema.Int,
  error: ErrorInfo,
  /** The worker knows retrying is pointless (overrides the policy for this failure). */
  nonRetryable: optional(Schema.Boolean),
  startedAt: optional(Instant),
  worker: optional(Schema.String)
})

/** The engine saw an attempt's heartbeat lapse (leases are rows, not events). */
export const TimeOutActivity = Schema.TaggedStruct("TimeOutActivity", {
  ...envelope,
  activityId: Schema.String,
  attempt: Schema.Int
})

export const FireTimer = Schema.TaggedStruct("FireTimer", { ...envelope, timerId: Schema.String })

export const SendSignal = Schema.TaggedStruct("SendSignal", {
  ...envelope,
  name: Schema.String.pipe(Schema.minLength(1)),
  payload: Payload
})

export const DeliverEvent = Schema.TaggedStruct("DeliverEvent", {
  ...envelope,
  eventId: Schema.String.pipe(Schema.minLength(1)),
  source: Schema.String.pipe(Schema.minLength(1)),
  type: Schema.String.pipe(Schema.minLength(1)),
  correlation: optional(Schema.String),
  data: Payload
})

export const ClaimTask = Schema.TaggedStruct("ClaimTask", {
  ...envelope,
  taskId: Schema.String,
  user: Person
})

export const ReleaseTask = Schema.TaggedStruct("ReleaseTask", {
  ...envelope,
  taskId: Schema.String,
  user: Person
})

export const CompleteTask = Schema.TaggedStruct("CompleteTask", {
  ...envelope,
  taskId: Schema.String,
  user: Person,
  outcome: optional(Schema.String),
  data: Payload
})

export const EscalateTask = Schema.TaggedStruct("EscalateTask", {
  ...envelope,
  taskId: Schema.String,
  /** The role to move the task to; the step's `escalate.to` when absent. */
  to: optional(Schema.String),
  user: optional(Person)
})

export const CompleteChild = Schema.TaggedStruct("CompleteChild", {
  ...envelope,
  childInstanceId: Schema.String,
  output: Payload
})

export const FailChild = Schema.TaggedStruct("FailChild", {
  ...envelope,
  childInstanceId: Schema.String,
  error: ErrorInfo
})

export const CancelInstance = Schema.TaggedStruct("CancelInstance", {
  ...envelope,
  reason: optional(Schema.String),
  compensate: optional(Schema.Boolean)
})

export const RetryIncident = Schema.TaggedStruct("RetryIncident", { ...envelope })

export const InstanceCommand = Schema.Union(
  StartInstance,
  CompleteActivity,
  FailActivity,
  TimeOutActivity,
  FireTimer,
  SendSignal,
  DeliverEvent,
  ClaimTask,
  ReleaseTask,
  CompleteTask,
  EscalateTask,
  CompleteChild,
  FailChild,
  CancelInstance,
  RetryIncident
).annotations({ identifier: "InstanceCommand" })
export type InstanceCommand = typeof InstanceCommand.Type
export type InstanceCommandEncoded = typeof InstanceCommand.Encoded

export type CommandOf<T extends InstanceCommand["_tag"]> = Extract<InstanceCommand, { readonly _tag: T }>
