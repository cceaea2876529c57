import type { EventOf } from "../events/InstanceEvent.ts"
import type { Draft } from "../state/InstanceState.ts"
import { advance, putThread, threadOf, writeContext, withPosition } from "../state/threads.ts"

export const childStartRequested = (d: Draft, event: EventOf<"ChildStartRequested">): void => {
  d.children = { ...d.children, [event.childInstanceId]: event.token }
  const thread = threadOf(d, event.token)
  if (thread !== undefined)
    putThread(
      d,
      withPosition(thread, {
        kind: "child",
        token: event.token,
        step: event.step,
        childInstanceId: event.childInstanceId
      })
    )
}

const forget = (d: Draft, childInstanceId: string): void => {
  if (d.children[childInstanceId] === undefined) return
  const children: Record<string, string> = {}
  for (const id in d.children) if (id !== childInstanceId) children[id] = d.children[id] as string
  d.children = children
}

export const childCompleted = (d: Draft, event: EventOf<"ChildCompleted">): void => {
  forget(d, event.childInstanceId)
  const thread = threadOf(d, event.token)
  if (thread !== undefined) putThread(d, advance(writeContext(thread, event.into, event.output), event.next))
}

/** A child failed or is being cancelled: it is no longer awaited (a StepFailed or cancellation follows). */
export const childGone = (d: Draft, event: EventOf<"ChildFailed" | "ChildCancelRequested">): void =>
  forget(d, event.childInstanceId)
