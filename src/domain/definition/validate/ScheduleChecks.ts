/**
 * The checks of schedule triggers that need a cron library or the host's time-zone database,
 * neither of which the pure domain may use: validation takes them as an input. The croner-backed
 * implementation is in src/infra/schedule/cronerScheduleChecks.ts.
 */
export interface ScheduleChecks {
  /** Why a cron expression is not one that fires, or undefined when it is fine. */
  readonly cron: (expression: string, timeZone: string | undefined) => string | undefined
  /** Whether a time-zone name (IANA, such as Europe/Berlin, or UTC) is known. */
  readonly timeZone: (name: string) => boolean
}
