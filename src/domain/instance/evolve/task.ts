import type { EventOf } from "../events/InstanceEvent.ts"
import type { InstanceState, TaskPosition } from "../state/InstanceState.ts"
import { addSeen, advance, threadOf, updateThreadOf, writeContext } from "../state/threads.ts"

export const taskCreated = (state: InstanceState, event: EventOf<"TaskCreated">): InstanceState =>
  updateThreadOf(state, event.token, (thread) => ({
    ...thread,
    at: {
      kind: "task",
      token: event.token,
      step: event.step,
      role: event.role,
      ...(event.assignee === undefined ? {} : { assignee: event.assignee }),
      outcomes: event.outcomes
    }
  }))

/** Claim, release and escalation change who may act on the open task. */
export const taskChanged = (
  state: InstanceState,
  event: EventOf<"TaskClaimed" | "TaskReleased" | "TaskEscalated">
): InstanceState => {
  const thread = threadOf(state, event.taskId)
  if (thread === undefined || thread.at.kind !== "task") return state
  const task = thread.at
  const { claimedBy: _claimant, assignee: _assignee, ...unclaimed } = task
  const at: TaskPosition =
    event._tag === "TaskClaimed"
      ? { ...task, claimedBy: event.by }
      : event._tag === "TaskReleased"
        ? { ...unclaimed, ...(task.assignee === undefined ? {} : { assignee: task.assignee }) }
        : { ...unclaimed, role: event.role }
  return updateThreadOf(
    { ...state, seen: addSeen(state.seen, event.commandId) },
    event.taskId,
    (current) => ({
      ...current,
      at
    })
  )
}

export const taskCompleted = (state: InstanceState, event: EventOf<"TaskCompleted">): InstanceState =>
  updateThreadOf({ ...state, seen: addSeen(state.seen, event.commandId) }, event.taskId, (thread) =>
    advance(writeContext(thread, event.into, event.data), event.next)
  )
