import type { WaitFor } from "../events/wait.ts"
import type { BufferedMessage, InstanceState, Thread } from "../state/InstanceState.ts"
import { failForBudget } from "./ending.ts"
import type { Session } from "./Session.ts"
import { emit } from "./Session.ts"

/** A message as it arrives: a signal by name, an event by type and correlation key. */
export interface Message {
  readonly messageId: string
  readonly kind: "signal" | "event"
  readonly name: string
  readonly correlation?: string
  readonly payload: BufferedMessage["payload"]
}

/** Whether a message satisfies a wait: signals by name; events by type and equal key (both absent is equal). */
export const satisfies = (
  message: Pick<Message, "kind" | "name" | "correlation">,
  waitFor: WaitFor
): boolean =>
  message.kind === "signal"
    ? waitFor.kind === "signal" && waitFor.name === message.name
    : waitFor.kind === "event" && waitFor.type === message.name && waitFor.correlation === message.correlation

/** The first waiting path a message satisfies, in thread order (deterministic: the fold's order). */
export const waiterFor = (state: InstanceState, message: Message): Thread | undefined => {
  for (const thread of state.threads) {
    if (thread.at.kind === "wait" && satisfies(message, thread.at.waitFor)) return thread
  }
  return undefined
}

/** Drops buffered messages whose time to live has passed (recorded, so replay drops the same). */
export const expireMessages = (s: Session): void => {
  const expired = s.state.buffer
    .filter((message) => message.expiresAt <= s.at)
    .map((message) => message.messageId)
  if (expired.length > 0) emit(s, { _tag: "MessagesExpired", messageIds: expired, at: s.at })
}

/** The oldest live buffered message a wait takes, if any. */
export const bufferedFor = (s: Session, waitFor: WaitFor): BufferedMessage | undefined => {
  expireMessages(s)
  return s.state.buffer.find((message) => satisfies(message, waitFor))
}

/** Keeps a message no wait takes yet, until its time to live passes; beyond the budget the instance fails. */
export const bufferMessage = (s: Session, message: Message): void => {
  expireMessages(s)
  const limit = s.definition.limits.maxBufferedMessages
  if (s.state.buffer.length >= limit) {
    failForBudget(
      s,
      `Expected at most ${limit} buffered messages (limits.maxBufferedMessages), but ${message.kind} ${JSON.stringify(message.name)} would be one more`
    )
    return
  }
  emit(s, {
    _tag: "MessageBuffered",
    messageId: message.messageId,
    kind: message.kind,
    name: message.name,
    ...(message.correlation === undefined ? {} : { correlation: message.correlation }),
    payload: message.payload,
    commandId: s.commandId,
    expiresAt: s.at + s.definition.limits.bufferTtlMs,
    at: s.at
  })
}
