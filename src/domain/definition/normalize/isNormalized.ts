import type { WorkflowDefinition } from "../format/Definition.ts"
import type { Graph, Step } from "../format/Step.ts"
import type { NormalizedDefinition } from "./NormalizedDefinition.ts"

const has = (value: object, ...keys: ReadonlyArray<string>): boolean =>
  keys.every((key) => Object.hasOwn(value, key))

const retryFields = [
  "maxAttempts",
  "initialInterval",
  "backoffCoefficient",
  "maxInterval",
  "jitter",
  "nonRetryable",
  "onExhausted"
]

const stepIsNormalized = (step: Step): boolean => {
  switch (step.type) {
    case "action":
      return has(step, "with", "retry", "catch") && has(step.retry!, ...retryFields)
    case "human":
      return has(step, "remind")
    case "parallel":
      return has(step, "join", "catch") && step.branches.every(graphIsNormalized)
    case "map":
      return has(step, "concurrency", "catch") && graphIsNormalized(step.do)
    case "subflow":
      return has(step, "input", "catch")
    default:
      return true
  }
}

const graphIsNormalized = (graph: Graph): boolean => Object.values(graph.steps).every(stepIsNormalized)

/**
 * Whether a definition carries every field normalization fills in (the fields the
 * NormalizedDefinition type promises), so a published definition read back from the store can
 * be trusted to need no defaults.
 */
export const isNormalized = (
  definition: WorkflowDefinition
): definition is WorkflowDefinition & NormalizedDefinition =>
  has(definition, "input", "context", "retry", "sla", "limits", "triggers") &&
  has(definition.retry!, ...retryFields) &&
  has(definition.sla!, "urgent", "high", "medium", "low") &&
  has(
    definition.limits!,
    "maxTransitions",
    "maxEvents",
    "maxContextBytes",
    "maxMapItems",
    "maxBufferedMessages",
    "bufferTtl"
  ) &&
  definition.triggers!.every((trigger) =>
    "event" in trigger
      ? has(trigger, "input", "offset", "priority")
      : has(trigger, "input", "priority") &&
        ("at" in trigger.schedule || has(trigger.schedule, "timezone", "catchUp", "grace"))
  ) &&
  graphIsNormalized(definition)
