import type { EventOf } from "../events/InstanceEvent.ts"
import type { Draft, TaskPosition } from "../state/InstanceState.ts"
import { addSeen, advance, putThread, threadOf, writeContext, withPosition } from "../state/threads.ts"

export const taskCreated = (d: Draft, event: EventOf<"TaskCreated">): void => {
  const thread = threadOf(d, event.token)
  if (thread === undefined) return
  putThread(
    d,
    withPosition(thread, {
      kind: "task",
      token: event.token,
      step: event.step,
      role: event.role,
      ...(event.assignee === undefined ? {} : { assignee: event.assignee }),
      outcomes: event.outcomes
    })
  )
}

/** Claim, release and escalation change who may act on the open task. */
export const taskChanged = (
  d: Draft,
  event: EventOf<"TaskClaimed" | "TaskReleased" | "TaskEscalated">
): void => {
  const thread = threadOf(d, event.taskId)
  if (thread === undefined || thread.at.kind !== "task") return
  const task = thread.at
  const { claimedBy: _claimant, assignee: _assignee, ...unclaimed } = task
  const at: TaskPosition =
    event._tag === "TaskClaimed"
      ? { ...task, claimedBy: event.by }
      : event._tag === "TaskReleased"
        ? { ...unclaimed, ...(task.assignee === undefined ? {} : { assignee: task.assignee }) }
        : { ...unclaimed, role: event.role }
  d.seen = addSeen(d.seen, event.commandId)
  putThread(d, withPosition(thread, at))
}

export const taskCompleted = (d: Draft, event: EventOf<"TaskCompleted">): void => {
  d.seen = addSeen(d.seen, event.commandId)
  const thread = threadOf(d, event.taskId)
  if (thread !== undefined) putThread(d, advance(writeContext(thread, event.into, event.data), event.next))
}
