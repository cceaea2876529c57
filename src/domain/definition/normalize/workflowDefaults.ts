import { priorities, type WorkflowDefinition } from "../format/Definition.ts"
import type { Trigger } from "../format/Trigger.ts"
import { canonicalDuration } from "./durations.ts"
import type { NormalizedDefinition, NormalizedTrigger } from "./NormalizedDefinition.ts"

/** Defaults that are not the format's own (`defaultRetryPolicy`, `defaultLimits`); docs/definitions.md lists all. */
export const definitionDefaults = {
  input: { type: "object" },
  sla: { urgent: "4h", high: "1d", medium: "2d", low: "3d" },
  join: "all",
  mapConcurrency: 10,
  eventTriggerInput: "event.data",
  scheduleTriggerInput: "{}",
  triggerOffset: "0s",
  triggerPriority: "medium",
  timezone: "UTC",
  catchUp: "latest",
  grace: "1m"
} as const

/**
 * Every SLA filled: none given means the defaults; a missing priority takes the SLA of the
 * nearest more urgent one given (else the nearest less urgent one), which keeps the order.
 */
export const normalizeSla = (sla: WorkflowDefinition["sla"]): NormalizedDefinition["sla"] => {
  const given = priorities.filter((p) => sla?.[p] !== undefined)
  if (given.length === 0) return definitionDefaults.sla
  const fill = (index: number): string => {
    for (let i = index; i >= 0; i--) if (sla?.[priorities[i]!] !== undefined) return sla[priorities[i]!]!
    return sla![given[0]!]!
  }
  const [urgent, high, medium, low] = priorities.map((_, index) => canonicalDuration(fill(index)))
  return { urgent: urgent!, high: high!, medium: medium!, low: low! }
}

/** A trigger with its defaults: input, offset, priority, and a cron schedule's time zone, catch-up and grace. */
export const normalizeTrigger = (trigger: Trigger): NormalizedTrigger => {
  const priority = trigger.priority ?? definitionDefaults.triggerPriority
  if ("event" in trigger)
    return {
      ...trigger,
      input: trigger.input ?? definitionDefaults.eventTriggerInput,
      offset: canonicalDuration(trigger.offset ?? definitionDefaults.triggerOffset),
      priority
    }
  const schedule = trigger.schedule
  return {
    ...trigger,
    input: trigger.input ?? definitionDefaults.scheduleTriggerInput,
    priority,
    schedule:
      "at" in schedule
        ? schedule
        : {
            ...schedule,
            timezone: schedule.timezone ?? definitionDefaults.timezone,
            catchUp: schedule.catchUp ?? definitionDefaults.catchUp,
            grace: canonicalDuration(schedule.grace ?? definitionDefaults.grace)
          }
  }
}
