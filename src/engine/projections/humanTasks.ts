import type { RowChange, RowValues } from "../ports/RowChanges.ts"
import { upsertRow } from "../ports/RowChanges.ts"
import type { ProjectionInput } from "./ProjectionInput.ts"
import { instanceIdOf, instant, optional } from "./ProjectionInput.ts"

/**
 * `human_tasks`: one row per task, keyed (tenant_id, instance_id, task_id), kept after it ends
 * so task lists can filter by status: stream_id, token, step, title, role, assignee, form,
 * outcomes, due_at, priority, status (`open`, `claimed`, `completed`, `cancelled`), claimed_by,
 * created_at, reminded_at, reminders, escalated_at, completed_by, outcome, data, ended_at.
 */
export const projectHumanTasks = (input: ProjectionInput): ReadonlyArray<RowChange> => {
  const instanceId = instanceIdOf(input.stream)
  const changes: Array<RowChange> = []
  const row = (taskId: string, columns: RowValues) =>
    changes.push(
      upsertRow("human_tasks", { tenant_id: input.tenant, instance_id: instanceId, task_id: taskId }, columns)
    )
  for (const event of input.events) {
    switch (event._tag) {
      case "TaskCreated":
        row(event.taskId, {
          stream_id: input.stream,
          token: event.token,
          step: event.step,
          title: optional(event.title),
          role: event.role,
          assignee: optional(event.assignee),
          form: optional(event.form),
          outcomes: event.outcomes,
          due_at: event.dueAt === undefined ? null : instant(event.dueAt),
          priority: event.priority,
          status: "open",
          claimed_by: null,
          created_at: instant(event.at),
          reminded_at: null,
          reminders: 0,
          escalated_at: null,
          completed_by: null,
          outcome: null,
          data: null,
          ended_at: null
        })
        break
      case "TaskClaimed":
        row(event.taskId, { status: "claimed", claimed_by: event.by })
        break
      case "TaskReleased":
        row(event.taskId, { status: "open", claimed_by: null })
        break
      case "TaskReminded":
        row(event.taskId, { reminded_at: instant(event.at), reminders: event.reminder + 1 })
        break
      case "TaskEscalated":
        row(event.taskId, {
          role: event.role,
          assignee: null,
          status: "open",
          claimed_by: null,
          escalated_at: instant(event.at)
        })
        break
      case "TaskCompleted":
        row(event.taskId, {
          status: "completed",
          completed_by: event.by,
          outcome: optional(event.outcome),
          data: event.data,
          ended_at: instant(event.at)
        })
        break
      case "TaskCancelled":
        row(event.taskId, { status: "cancelled", ended_at: instant(event.at) })
        break
      default:
        break
    }
  }
  return changes
}
