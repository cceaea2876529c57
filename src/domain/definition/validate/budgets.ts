import type { PathSegment, Problem } from "../../Problem.ts"
import { defaultLimits, priorities, type WorkflowDefinition } from "../format/Definition.ts"
import { formatDuration } from "../format/Duration.ts"
import { durationMs } from "../normalize/durations.ts"
import { effectiveRetry } from "../normalize/retry.ts"
import type { Step } from "../format/Step.ts"
import type { Scope } from "./scopes.ts"

/** How deep parallel and map steps may nest: token paths and scoped contexts grow with it. */
export const maxNesting = 16

const spell = (text: string) => formatDuration(durationMs(text))

/** Durations that mean "never" when zero: timeouts, heartbeats, SLAs, escalations, reminders. */
const positive = (
  problems: Array<Problem>,
  path: ReadonlyArray<PathSegment>,
  what: string,
  text?: string
) => {
  if (text !== undefined && durationMs(text) <= 0)
    problems.push({ path, message: `Expected a positive ${what}, but got ${JSON.stringify(text)}` })
}

/** Workflow-level sanity: SLA order, positive spans, limits that leave room for a decision. */
export const definitionBudgetProblems = (definition: WorkflowDefinition): ReadonlyArray<Problem> => {
  const problems: Array<Problem> = []
  positive(problems, ["timeout"], "timeout", definition.timeout)
  const sla = definition.sla ?? {}
  let previous: (typeof priorities)[number] | undefined
  for (const priority of priorities) {
    const value = sla[priority]
    if (value === undefined) continue
    positive(problems, ["sla", priority], "SLA", value)
    const before = previous === undefined ? undefined : sla[previous]
    if (previous !== undefined && before !== undefined && durationMs(value) < durationMs(before))
      problems.push({
        path: ["sla", priority],
        message: `Expected the SLA of ${priority} to be at least that of ${previous} (${spell(before)}), but it is ${spell(value)}`
      })
    previous = priority
  }
  const limits = { ...defaultLimits, ...definition.limits }
  if (limits.maxEvents < limits.maxTransitions)
    problems.push({
      path: ["limits", "maxEvents"],
      message: `Expected maxEvents to be at least maxTransitions (${limits.maxTransitions}), so one decision fits, but got ${limits.maxEvents}`
    })
  positive(problems, ["limits", "bufferTtl"], "buffer time to live", definition.limits?.bufferTtl)
  problems.push(...retryProblems(["retry"], effectiveRetry(definition.retry)))
  return problems
}

const retryProblems = (path: ReadonlyArray<PathSegment>, policy: ReturnType<typeof effectiveRetry>) =>
  durationMs(policy.initialInterval) > durationMs(policy.maxInterval)
    ? [
        {
          path: [...path, "initialInterval"],
          message: `Expected initialInterval to be at most maxInterval (${policy.maxInterval}), but it is ${policy.initialInterval}`
        }
      ]
    : []

/** A step's spans: positive timeouts within the workflow's, heartbeats within timeouts, bounded nesting. */
export const stepBudgetProblems = (
  definition: WorkflowDefinition,
  step: Step,
  path: ReadonlyArray<PathSegment>,
  scope: Scope
): ReadonlyArray<Problem> => {
  const problems: Array<Problem> = []
  if ((step.type === "parallel" || step.type === "map") && scope.depth + 1 > maxNesting)
    problems.push({
      path,
      message: `Expected parallel and map steps nested at most ${maxNesting} deep, but this one is ${scope.depth + 1} deep`
    })
  if ("timeout" in step && step.timeout !== undefined) {
    positive(problems, [...path, "timeout"], "timeout", step.timeout)
    if (definition.timeout !== undefined && durationMs(step.timeout) > durationMs(definition.timeout))
      problems.push({
        path: [...path, "timeout"],
        message: `Expected a step timeout within the workflow's timeout (${spell(definition.timeout)}), but got ${spell(step.timeout)}`
      })
  }
  switch (step.type) {
    case "action":
      positive(problems, [...path, "heartbeat"], "heartbeat interval", step.heartbeat)
      if (
        step.heartbeat !== undefined &&
        step.timeout !== undefined &&
        durationMs(step.heartbeat) > durationMs(step.timeout)
      )
        problems.push({
          path: [...path, "heartbeat"],
          message: `Expected a heartbeat interval within the step's timeout (${spell(step.timeout)}), but got ${spell(step.heartbeat)}`
        })
      if (step.retry !== undefined)
        problems.push(...retryProblems([...path, "retry"], effectiveRetry(definition.retry, step.retry)))
      break
    case "human":
      positive(problems, [...path, "due"], "due time", step.due)
      positive(problems, [...path, "escalate", "after"], "escalation delay", step.escalate?.after)
      step.remind?.forEach((remind, index) =>
        positive(problems, [...path, "remind", index], "reminder delay", remind)
      )
      break
    case "map": {
      const maxItems = definition.limits?.maxMapItems ?? defaultLimits.maxMapItems
      if (step.concurrency !== undefined && step.concurrency > maxItems)
        problems.push({
          path: [...path, "concurrency"],
          message: `Expected concurrency to be at most limits.maxMapItems (${maxItems}), but got ${step.concurrency}`
        })
      break
    }
    default:
      break
  }
  return problems
}
