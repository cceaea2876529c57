import { Cron } from "croner"
import type { ScheduleChecks } from "../../domain/definition/validate/ScheduleChecks.ts"

/** A fixed instant to look for a next fire time from, so checking never depends on the clock. */
const reference = new Date(Date.UTC(2000, 0, 1))

const knownZone = (name: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name })
    return true
  } catch {
    return false
  }
}

/**
 * Schedule checks backed by croner (cron syntax: 5 fields, or 6 with seconds first; nicknames
 * such as @daily) and the host's Intl time-zone database. Croner stays out of src/domain, which
 * receives these checks as an input of validation.
 */
export const cronerScheduleChecks: ScheduleChecks = {
  cron: (expression, timeZone) => {
    try {
      const cron = new Cron(expression, {
        mode: "5-or-6-parts",
        ...(timeZone === undefined ? {} : { timezone: timeZone })
      })
      return !cron.nextRun(reference)
        ? `Expected a cron expression that fires, but ${JSON.stringify(expression)} never does`
        : undefined
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(/^CronPattern:\s*/, "") : String(error)
      return `Expected a cron expression such as "0 9 * * MON-FRI", but ${JSON.stringify(expression)} is not one: ${reason}`
    }
  },
  timeZone: knownZone
}
