import { Schema } from "effect"
import { optional } from "./optional.ts"
import { Duration, SignedDuration } from "./Duration.ts"
import { Expression, Label } from "./Names.ts"

/**
 * Starts an instance when an external event of `event` type arrives (and `when` holds);
 * `input` is a CEL expression over `event`; the instance starts at the event's own `time`
 * plus `offset` (negative offsets start it before, or at once when that has passed).
 */
export const EventTrigger = Schema.Struct({
  event: Label,
  when: optional(Expression),
  input: optional(Expression),
  offset: optional(SignedDuration),
  priority: optional(Schema.Literal("urgent", "high", "medium", "low"))
}).annotations({ identifier: "EventTrigger" })

/** What to do with fire times missed while no engine ran. */
export const CatchUp = Schema.Literal("none", "latest", "all")

/** Starts instances on a cron schedule in a time zone, or once at an instant. */
export const ScheduleTrigger = Schema.Struct({
  schedule: Schema.Union(
    Schema.Struct({
      cron: Schema.String.pipe(Schema.minLength(1)),
      timezone: optional(Schema.String.pipe(Schema.minLength(1))),
      catchUp: optional(CatchUp),
      /** The longest delay after which a missed fire still counts as on time. */
      grace: optional(Duration)
    }),
    Schema.Struct({ at: Schema.String.pipe(Schema.minLength(1)) })
  ),
  input: optional(Expression),
  priority: optional(Schema.Literal("urgent", "high", "medium", "low"))
}).annotations({ identifier: "ScheduleTrigger" })

export const Trigger = Schema.Union(EventTrigger, ScheduleTrigger).annotations({ identifier: "Trigger" })
export type Trigger = typeof Trigger.Type
