import type { Problem } from "../../Problem.ts"
import type { WorkflowDefinition } from "../format/Definition.ts"
import { durationMs } from "../normalize/durations.ts"
import { isInstant } from "./instant.ts"
import type { ScheduleChecks } from "./ScheduleChecks.ts"

/** Schedules that fire: a cron that parses (and fires) in a known time zone, or an RFC 3339 instant. */
export const triggerProblems = (
  definition: WorkflowDefinition,
  checks: ScheduleChecks
): ReadonlyArray<Problem> =>
  (definition.triggers ?? []).flatMap((trigger, index): ReadonlyArray<Problem> => {
    if (!("schedule" in trigger)) return []
    const path = ["triggers", index, "schedule"]
    const schedule = trigger.schedule
    if ("at" in schedule)
      return isInstant(schedule.at)
        ? []
        : [
            {
              path: [...path, "at"],
              message: `Expected an RFC 3339 instant with an offset such as 2027-01-01T09:00:00Z, but got ${JSON.stringify(schedule.at)}`
            }
          ]
    const problems: Array<Problem> = []
    const zoneKnown = schedule.timezone === undefined || checks.timeZone(schedule.timezone)
    if (!zoneKnown)
      problems.push({
        path: [...path, "timezone"],
        message: `Expected a time zone such as UTC or Europe/Berlin, but ${JSON.stringify(schedule.timezone)} is not one`
      })
    const cron = checks.cron(schedule.cron, zoneKnown ? schedule.timezone : undefined)
    if (cron !== undefined) problems.push({ path: [...path, "cron"], message: cron })
    if (schedule.grace !== undefined && durationMs(schedule.grace) <= 0)
      problems.push({
        path: [...path, "grace"],
        message: `Expected a positive grace period, but got ${JSON.stringify(schedule.grace)}`
      })
    return problems
  })
