import type { EventOf } from "../events/InstanceEvent.ts"
import type { Draft } from "../state/InstanceState.ts"
import {
  addSeen,
  advance,
  putThread,
  threadOf,
  updateThreadOf,
  writeContext,
  withPosition
} from "../state/threads.ts"

export const waitEntered = (d: Draft, event: EventOf<"WaitEntered">): void => {
  const thread = threadOf(d, event.token)
  if (thread !== undefined)
    putThread(
      d,
      withPosition(thread, { kind: "wait", token: event.token, step: event.step, waitFor: event.waitFor })
    )
}

export const waitCompleted = (d: Draft, event: EventOf<"WaitCompleted">): void => {
  const id = event.messageId
  if (id !== undefined) {
    d.seen = addSeen(d.seen, id)
    if (d.buffer.some((message) => message.messageId === id))
      d.buffer = d.buffer.filter((message) => message.messageId !== id)
  }
  const thread = threadOf(d, event.token)
  if (thread !== undefined) putThread(d, advance(writeContext(thread, event.into, event.payload), event.next))
}

export const waitTimedOut = (d: Draft, event: EventOf<"WaitTimedOut">): void =>
  updateThreadOf(d, event.token, (thread) => advance(thread, event.next))

export const messageBuffered = (d: Draft, event: EventOf<"MessageBuffered">): void => {
  d.seen = addSeen(d.seen, event.messageId, event.commandId)
  d.buffer = [
    ...d.buffer,
    {
      messageId: event.messageId,
      kind: event.kind,
      name: event.name,
      ...(event.correlation === undefined ? {} : { correlation: event.correlation }),
      payload: event.payload,
      expiresAt: event.expiresAt
    }
  ]
}

export const messagesExpired = (d: Draft, event: EventOf<"MessagesExpired">): void => {
  d.buffer = d.buffer.filter((message) => !event.messageIds.includes(message.messageId))
}
