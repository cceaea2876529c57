import { Schema } from "effect"
import { optional } from "../../definition/format/optional.ts"
import { Priority } from "../../definition/format/Definition.ts"
import { ErrorInfo } from "../schema/ErrorInfo.ts"
import { Instant } from "../schema/Instant.ts"
import { ObjectPayload, Payload } from "../schema/Payload.ts"

/** The published version an instance is pinned to. */
export const WorkflowPin = Schema.Struct({
  name: Schema.String,
  version: Schema.Int,
  contentHash: Schema.String
})
export type WorkflowPin = typeof WorkflowPin.Type

/** The parent of a child instance: where its result is reported. */
export const ParentRef = Schema.Struct({ instanceId: Schema.String, token: Schema.String })
export type ParentRef = typeof ParentRef.Type

export const InstanceStarted = Schema.TaggedStruct("InstanceStarted", {
  instanceId: Schema.String,
  workflow: WorkflowPin,
  clientId: optional(Schema.String),
  commandId: Schema.String,
  input: Payload,
  priority: Priority,
  context: ObjectPayload,
  /** The token of the start step, entered in the same decision. */
  start: Schema.String,
  parent: optional(ParentRef),
  at: Instant
})

export const InstanceCompleted = Schema.TaggedStruct("InstanceCompleted", { output: Payload, at: Instant })

export const InstanceFailed = Schema.TaggedStruct("InstanceFailed", { error: ErrorInfo, at: Instant })

export const InstanceCancelled = Schema.TaggedStruct("InstanceCancelled", {
  reason: optional(Schema.String),
  at: Instant
})

export const IncidentRaised = Schema.TaggedStruct("IncidentRaised", {
  token: Schema.String,
  step: Schema.String,
  error: ErrorInfo,
  compensation: Schema.Boolean,
  at: Instant
})

export const IncidentResolved = Schema.TaggedStruct("IncidentResolved", {
  token: Schema.String,
  commandId: Schema.String,
  /** The new token when the step is entered again (every step kind but actions). */
  next: optional(Schema.String),
  at: Instant
})

export const CompensationCause = Schema.Union(
  Schema.Struct({ kind: Schema.Literal("failed"), error: ErrorInfo }),
  Schema.Struct({ kind: Schema.Literal("cancelled"), reason: optional(Schema.String) })
)
export type CompensationCause = typeof CompensationCause.Type

export const CompensationStarted = Schema.TaggedStruct("CompensationStarted", {
  cause: CompensationCause,
  at: Instant
})

export const ParentNotified = Schema.TaggedStruct("ParentNotified", {
  parent: ParentRef,
  childInstanceId: Schema.String,
  outcome: Schema.Literal("completed", "failed", "cancelled"),
  output: optional(Payload),
  error: optional(ErrorInfo),
  commandId: Schema.String,
  at: Instant
})

const VersionRef = Schema.Struct({ version: Schema.Int, contentHash: Schema.String })

/** Reserved: moves an in-flight instance to another version of its workflow. */
export const InstanceMigrated = Schema.TaggedStruct("InstanceMigrated", {
  from: VersionRef,
  to: VersionRef,
  at: Instant
})
