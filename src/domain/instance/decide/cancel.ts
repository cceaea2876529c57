import type { InstanceState, Thread } from "../state/InstanceState.ts"
import type { Session } from "./Session.ts"
import { cancelTimersOf, emit } from "./Session.ts"
import { threadAt } from "../state/threads.ts"

/**
 * Cancels everything a path has pending — attempts, timers, tasks, children — and, for a
 * parallel or map it stands on, every running branch or item first (depth first), so workers,
 * timer pollers and children all learn of it through their projections.
 */
export const cancelThread = (s: Session, scope: string): void => {
  const thread = threadAt(s.state, scope)
  if (thread === undefined) return
  const at = thread.at
  switch (at.kind) {
    case "activity":
      if (at.running)
        emit(s, { _tag: "ActivityCancelled", activityId: at.token, attempt: at.attempt, at: s.at })
      cancelTimersOf(s, at.token)
      return
    case "wait":
      cancelTimersOf(s, at.token)
      return
    case "task":
      cancelTimersOf(s, at.token)
      emit(s, { _tag: "TaskCancelled", taskId: at.token, at: s.at })
      return
    case "child":
      cancelTimersOf(s, at.token)
      emit(s, {
        _tag: "ChildCancelRequested",
        token: at.token,
        childInstanceId: at.childInstanceId,
        commandId: `cancel:${at.childInstanceId}`,
        at: s.at
      })
      return
    case "parallel":
      at.branches.forEach((branch, index) => {
        if (branch.status === "running") cancelThread(s, branch.scope)
        if (branch.status === "running" || branch.status === "completed")
          emit(s, { _tag: "BranchCancelled", token: at.token, branch: index, at: s.at })
      })
      return
    case "map":
      for (const index of at.running) {
        cancelThread(s, `${at.token}/i${index}`)
        emit(s, { _tag: "MapItemCancelled", token: at.token, index, at: s.at })
      }
      return
    default:
      return
  }
}

/** Cancels all pending work of the instance: every path, the running compensation, every timer left. */
export const cancelEverything = (s: Session): void => {
  cancelThread(s, "")
  const current = s.state.ending?.current
  if (current?.running === true)
    emit(s, { _tag: "ActivityCancelled", activityId: current.token, attempt: current.attempt, at: s.at })
  for (const timerId of Object.keys(s.state.timers)) emit(s, { _tag: "TimerCancelled", timerId, at: s.at })
  for (const childInstanceId of Object.keys(s.state.children)) {
    const token = s.state.children[childInstanceId] as string
    emit(s, {
      _tag: "ChildCancelRequested",
      token,
      childInstanceId,
      commandId: `cancel:${childInstanceId}`,
      at: s.at
    })
  }
}

/** The owner of a nested scope: the parallel (`…/b<i>`) or map (`…/i<n>`) token and the index. */
export const ownerOf = (
  state: InstanceState,
  scope: string
):
  | {
      readonly kind: "branch" | "item"
      readonly token: string
      readonly index: number
      readonly thread: Thread
    }
  | undefined => {
  const slash = scope.lastIndexOf("/")
  if (slash < 0) return undefined
  const token = scope.slice(0, slash)
  const segment = scope.slice(slash + 1)
  const owner = threadAt(state, token.lastIndexOf("/") < 0 ? "" : token.slice(0, token.lastIndexOf("/")))
  if (owner === undefined) return undefined
  return {
    kind: segment.startsWith("b") ? "branch" : "item",
    token,
    index: Number(segment.slice(1)),
    thread: owner
  }
}
