import type { EventOf } from "../events/InstanceEvent.ts"
import type { InstanceState } from "../state/InstanceState.ts"
import { addSeen, advance, updateThreadOf, writeContext } from "../state/threads.ts"

export const waitEntered = (state: InstanceState, event: EventOf<"WaitEntered">): InstanceState =>
  updateThreadOf(state, event.token, (thread) => ({
    ...thread,
    at: { kind: "wait", token: event.token, step: event.step, waitFor: event.waitFor }
  }))

export const waitCompleted = (state: InstanceState, event: EventOf<"WaitCompleted">): InstanceState => {
  const id = event.messageId
  const consumed: InstanceState =
    id === undefined
      ? state
      : {
          ...state,
          seen: addSeen(state.seen, id),
          buffer: state.buffer.some((message) => message.messageId === id)
            ? state.buffer.filter((message) => message.messageId !== id)
            : state.buffer
        }
  return updateThreadOf(consumed, event.token, (thread) =>
    advance(writeContext(thread, event.into, event.payload), event.next)
  )
}

export const waitTimedOut = (state: InstanceState, event: EventOf<"WaitTimedOut">): InstanceState =>
  updateThreadOf(state, event.token, (thread) => advance(thread, event.next))

export const messageBuffered = (state: InstanceState, event: EventOf<"MessageBuffered">): InstanceState => ({
  ...state,
  seen: addSeen(state.seen, event.messageId, event.commandId),
  buffer: [
    ...state.buffer,
    {
      messageId: event.messageId,
      kind: event.kind,
      name: event.name,
      ...(event.correlation === undefined ? {} : { correlation: event.correlation }),
      payload: event.payload,
      expiresAt: event.expiresAt
    }
  ]
})

export const messagesExpired = (state: InstanceState, event: EventOf<"MessagesExpired">): InstanceState => ({
  ...state,
  buffer: state.buffer.filter((message) => !event.messageIds.includes(message.messageId))
})
