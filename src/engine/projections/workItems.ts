import type { RowChange } from "../ports/RowChanges.ts"
import { deleteRow, upsertRow } from "../ports/RowChanges.ts"
import type { ProjectionInput } from "./ProjectionInput.ts"
import { instanceIdOf, instant, optional } from "./ProjectionInput.ts"

/**
 * `work_items`: one row per activity attempt waiting for a worker or an in-process handler,
 * keyed (tenant_id, instance_id, activity_id, attempt), with stream_id, token, step, action,
 * queue (null: run in-process), input, timeout_ms, heartbeat_ms, deadline_at, idempotency_key,
 * compensation and created_at. Lease columns (worker, lease expiry, heartbeat) belong to the
 * engine and are never projected. The outcome of an attempt deletes its row, so a worker
 * heartbeating a cancelled attempt finds none and stops.
 */
export const projectWorkItems = (input: ProjectionInput): ReadonlyArray<RowChange> => {
  const instanceId = instanceIdOf(input.stream)
  const key = (activityId: string, attempt: number) => ({
    tenant_id: input.tenant,
    instance_id: instanceId,
    activity_id: activityId,
    attempt
  })
  const changes: Array<RowChange> = []
  for (const event of input.events) {
    switch (event._tag) {
      case "ActivityScheduled":
        changes.push(
          upsertRow("work_items", key(event.activityId, event.attempt), {
            stream_id: input.stream,
            token: event.token,
            step: event.step,
            action: event.action,
            queue: optional(event.queue),
            input: event.input,
            timeout_ms: optional(event.timeoutMs),
            heartbeat_ms: optional(event.heartbeatMs),
            deadline_at: event.timeoutMs === undefined ? null : instant(event.at + event.timeoutMs),
            idempotency_key: event.idempotencyKey,
            compensation: event.compensation,
            created_at: instant(event.at)
          })
        )
        break
      case "ActivityCompleted":
      case "ActivityFailed":
      case "ActivityCancelled":
        changes.push(deleteRow("work_items", key(event.activityId, event.attempt)))
        break
      default:
        break
    }
  }
  return changes
}
