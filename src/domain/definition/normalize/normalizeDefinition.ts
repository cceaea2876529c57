import { sortKeys } from "../../json/canonical.ts"
import type { Json } from "../../json/Json.ts"
import { defaultLimits, type WorkflowDefinition } from "../format/Definition.ts"
import type { Catch, Graph, Step } from "../format/Step.ts"
import { canonicalDuration, durationMs, optionalDuration } from "./durations.ts"
import { definitionDefaults, normalizeSla, normalizeTrigger } from "./workflowDefaults.ts"
import type { NormalizedDefinition, NormalizedGraph, NormalizedStep } from "./NormalizedDefinition.ts"
import { effectiveRetry } from "./retry.ts"

const normalizeCatch = (catchers: ReadonlyArray<Catch> | undefined): ReadonlyArray<Catch> =>
  (catchers ?? []).map(({ errors, ...rest }) =>
    errors === undefined || errors.length === 0 ? rest : { ...rest, errors: [...new Set(errors)].sort() }
  )

const normalizeStep = (step: Step, workflow: WorkflowDefinition): NormalizedStep => {
  switch (step.type) {
    case "action":
      return {
        ...step,
        with: step.with ?? {},
        retry: effectiveRetry(workflow.retry, step.retry),
        catch: normalizeCatch(step.catch),
        ...optionalDuration("timeout", step.timeout),
        ...optionalDuration("heartbeat", step.heartbeat)
      }
    case "wait":
      return { ...step, ...optionalDuration("for", step.for), ...optionalDuration("timeout", step.timeout) }
    case "human": {
      const { outcomes, ...rest } = step
      return {
        ...rest,
        ...(outcomes === undefined || Object.keys(outcomes).length === 0 ? {} : { outcomes }),
        remind: (step.remind ?? []).map(canonicalDuration).sort((a, b) => durationMs(a) - durationMs(b)),
        ...optionalDuration("due", step.due),
        ...(step.escalate === undefined
          ? {}
          : { escalate: { to: step.escalate.to, ...optionalDuration("after", step.escalate.after) } })
      }
    }
    case "parallel": {
      const [first, ...others] = step.branches
      return {
        ...step,
        branches: [
          { ...first, ...normalizeGraph(first, workflow) },
          ...others.map((branch) => ({ ...branch, ...normalizeGraph(branch, workflow) }))
        ],
        join: step.join ?? definitionDefaults.join,
        catch: normalizeCatch(step.catch)
      }
    }
    case "map":
      return {
        ...step,
        do: normalizeGraph(step.do, workflow),
        concurrency: step.concurrency ?? definitionDefaults.mapConcurrency,
        catch: normalizeCatch(step.catch)
      }
    case "subflow":
      return {
        ...step,
        input: step.input ?? {},
        catch: normalizeCatch(step.catch),
        ...optionalDuration("timeout", step.timeout)
      }
    case "choice":
    case "succeed":
    case "fail":
      return step
  }
}

const normalizeGraph = (graph: Graph, workflow: WorkflowDefinition): NormalizedGraph => ({
  start: graph.start,
  steps: Object.fromEntries(
    Object.entries(graph.steps).map(([name, step]) => [name, normalizeStep(step, workflow)])
  )
})

/**
 * The published form of a valid definition: every default filled in (docs/definitions.md lists
 * them), durations in canonical spelling, sets sorted, empty optional collections dropped, and
 * keys in canonical order. Normalizing twice changes nothing, and definitions that differ only
 * in key order, duration spelling or spelled-out defaults normalize to the same value.
 */
export const normalizeDefinition = (definition: WorkflowDefinition): NormalizedDefinition => {
  const limits = { ...defaultLimits, ...definition.limits }
  const normalized: NormalizedDefinition = {
    ...definition,
    input: definition.input ?? definitionDefaults.input,
    context: definition.context ?? {},
    retry: effectiveRetry(definition.retry),
    ...optionalDuration("timeout", definition.timeout),
    sla: normalizeSla(definition.sla),
    limits: { ...limits, bufferTtl: canonicalDuration(limits.bufferTtl) },
    triggers: (definition.triggers ?? []).map(normalizeTrigger),
    steps: normalizeGraph(definition, definition).steps
  }
  return sortKeys(normalized as unknown as Json) as unknown as NormalizedDefinition
}
