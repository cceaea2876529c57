import { Schema } from "effect"
import { optional } from "./optional.ts"
import { JsonObject } from "../../json/Json.ts"
import { Duration } from "./Duration.ts"
import { StepName, WorkflowName } from "./Names.ts"
import { RetryPolicy } from "./RetryPolicy.ts"
import { Step } from "./Step.ts"
import { Trigger } from "./Trigger.ts"

/** Instance priorities, most urgent first; the SLA of each must not be shorter than the one before. */
export const Priority = Schema.Literal("urgent", "high", "medium", "low")
export type Priority = typeof Priority.Type
export const priorities: ReadonlyArray<Priority> = ["urgent", "high", "medium", "low"]

export const Sla = Schema.Struct({
  urgent: optional(Duration),
  high: optional(Duration),
  medium: optional(Duration),
  low: optional(Duration)
}).annotations({ identifier: "Sla" })

/** Budgets that keep every instance finite (DESIGN §2.1); exceeding one fails the instance. */
export const Limits = Schema.Struct({
  maxTransitions: optional(Schema.Int.pipe(Schema.between(1, 1_000_000))),
  maxEvents: optional(Schema.Int.pipe(Schema.between(1, 10_000_000))),
  maxContextBytes: optional(Schema.Int.pipe(Schema.between(1, 64 * 1024 * 1024))),
  maxMapItems: optional(Schema.Int.pipe(Schema.between(1, 1_000_000))),
  maxBufferedMessages: optional(Schema.Int.pipe(Schema.between(0, 1_000_000))),
  /** How long a signal or event that arrived before its wait is kept. */
  bufferTtl: optional(Duration)
}).annotations({ identifier: "Limits" })

export const defaultLimits = {
  maxTransitions: 1_000,
  maxEvents: 100_000,
  maxContextBytes: 1024 * 1024,
  maxMapItems: 10_000,
  maxBufferedMessages: 1_000,
  bufferTtl: "7d"
} as const satisfies Required<typeof Limits.Type>

/** A workflow definition as its author writes it (JSON or YAML). */
export const WorkflowDefinition = Schema.Struct({
  name: WorkflowName,
  description: optional(Schema.String.pipe(Schema.maxLength(10_000))),
  /** JSON Schema of the start input. */
  input: optional(JsonObject),
  /** Initial context values. */
  context: optional(JsonObject),
  retry: optional(RetryPolicy),
  /** The limit on the whole instance, from start to its end. */
  timeout: optional(Duration),
  sla: optional(Sla),
  onError: optional(StepName),
  limits: optional(Limits),
  triggers: optional(Schema.Array(Trigger)),
  start: StepName,
  steps: Schema.Record({ key: StepName, value: Step })
}).annotations({ identifier: "WorkflowDefinition" })
export type WorkflowDefinition = typeof WorkflowDefinition.Type
export type WorkflowDefinitionEncoded = typeof WorkflowDefinition.Encoded
