import type { EventOf } from "../events/InstanceEvent.ts"
import type { InstanceState } from "../state/InstanceState.ts"
import { advance, updateThreadOf, writeContext } from "../state/threads.ts"

export const childStartRequested = (
  state: InstanceState,
  event: EventOf<"ChildStartRequested">
): InstanceState =>
  updateThreadOf(
    { ...state, children: { ...state.children, [event.childInstanceId]: event.token } },
    event.token,
    (thread) => ({
      ...thread,
      at: { kind: "child", token: event.token, step: event.step, childInstanceId: event.childInstanceId }
    })
  )

const forget = (state: InstanceState, childInstanceId: string): InstanceState => {
  if (state.children[childInstanceId] === undefined) return state
  const children = { ...state.children }
  delete children[childInstanceId]
  return { ...state, children }
}

export const childCompleted = (state: InstanceState, event: EventOf<"ChildCompleted">): InstanceState =>
  updateThreadOf(forget(state, event.childInstanceId), event.token, (thread) =>
    advance(writeContext(thread, event.into, event.output), event.next)
  )

/** A child failed or is being cancelled: it is no longer awaited (a StepFailed or cancellation follows). */
export const childGone = (
  state: InstanceState,
  event: EventOf<"ChildFailed" | "ChildCancelRequested">
): InstanceState => forget(state, event.childInstanceId)
