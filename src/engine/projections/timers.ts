import type { RowChange } from "../ports/RowChanges.ts"
import { deleteRow, upsertRow } from "../ports/RowChanges.ts"
import type { ProjectionInput } from "./ProjectionInput.ts"
import { instanceIdOf, instant, optional } from "./ProjectionInput.ts"

/**
 * `timers`: one row per pending timer, keyed (tenant_id, instance_id, timer_id), with
 * stream_id, purpose, token and due_at; the timer poller claims due rows and fires them as
 * `FireTimer` commands. Fired and cancelled timers are deleted.
 */
export const projectTimers = (input: ProjectionInput): ReadonlyArray<RowChange> => {
  const instanceId = instanceIdOf(input.stream)
  const changes: Array<RowChange> = []
  for (const event of input.events) {
    if (event._tag === "TimerScheduled")
      changes.push(
        upsertRow(
          "timers",
          { tenant_id: input.tenant, instance_id: instanceId, timer_id: event.timerId },
          {
            stream_id: input.stream,
            purpose: event.purpose,
            token: optional(event.token),
            due_at: instant(event.dueAt)
          }
        )
      )
    else if (event._tag === "TimerFired" || event._tag === "TimerCancelled")
      changes.push(
        deleteRow("timers", { tenant_id: input.tenant, instance_id: instanceId, timer_id: event.timerId })
      )
  }
  return changes
}
