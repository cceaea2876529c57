import type { CommandOf } from "../../commands/InstanceCommand.ts"
import type { InstanceRejection } from "../../InstanceRejection.ts"
import type { Session } from "../Session.ts"
import { stepAt } from "../Session.ts"
import type { Message } from "../messages.ts"
import { bufferMessage, waiterFor } from "../messages.ts"
import { completeWait } from "../steps/wait.ts"
import { requireNotEnding } from "./guards.ts"

/** A message goes to the first path waiting for it, else into the buffer until a wait takes it. */
const deliver = (s: Session, message: Message): void => {
  const waiter = waiterFor(s.state, message)
  if (waiter !== undefined && waiter.at.kind === "wait") {
    const step = stepAt(s, waiter.graph, waiter.at.step)
    if (step?.kind === "wait")
      return completeWait(s, waiter, waiter.at.token, step, message.kind, {
        messageId: message.messageId,
        payload: message.payload
      })
  }
  bufferMessage(s, message)
}

export const sendSignal = (s: Session, command: CommandOf<"SendSignal">): InstanceRejection | undefined => {
  const refused = requireNotEnding(s.state, `signal ${command.name}`)
  if (refused !== undefined) return refused
  deliver(s, { messageId: command.commandId, kind: "signal", name: command.name, payload: command.payload })
  return undefined
}

/** Events are accepted once per `source`/`id`, whatever command carries them. */
export const deliverEvent = (
  s: Session,
  command: CommandOf<"DeliverEvent">
): InstanceRejection | undefined => {
  const refused = requireNotEnding(s.state, `receive event ${command.type}`)
  if (refused !== undefined) return refused
  const messageId = `${command.source}/${command.eventId}`
  if (s.state.seen.has(messageId)) return undefined
  deliver(s, {
    messageId,
    kind: "event",
    name: command.type,
    ...(command.correlation === undefined ? {} : { correlation: command.correlation }),
    payload: command.data
  })
  return undefined
}
