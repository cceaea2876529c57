import { Either, Match } from "effect"
import type { CompiledDefinition } from "../../definition/compile/CompiledDefinition.ts"
import type { InstanceCommand } from "../commands/InstanceCommand.ts"
import type { InstanceEvent } from "../events/InstanceEvent.ts"
import type { InstanceRejection } from "../InstanceRejection.ts"
import { isTerminal } from "../state/InstanceState.ts"
import type { InstanceState } from "../state/InstanceState.ts"
import { canonicalCommand } from "./canonicalCommand.ts"
import { completeActivity, failActivity, timeOutActivity } from "./commands/activity.ts"
import { completeChild, failChild } from "./commands/children.ts"
import { cancel, retry } from "./commands/control.ts"
import { deliverEvent, sendSignal } from "./commands/messages.ts"
import { start } from "./commands/start.ts"
import { claimTask, completeTask, escalateTask, releaseTask } from "./commands/tasks.ts"
import { fireTimer } from "./commands/timer.ts"
import type { Session } from "./Session.ts"
import { session } from "./Session.ts"
import { settle } from "./settle.ts"

type Handler = (s: Session) => InstanceRejection | undefined

// `typeTags` builds its exhaustive matcher once (a missing tag is a compile error, as with
// `valueTags`, whose data-last form would build the matcher again for every command).
const handlerOf: (command: InstanceCommand) => Handler = Match.typeTags<InstanceCommand, Handler>()({
  StartInstance: (command) => (s: Session) => start(s, command),
  CompleteActivity: (command) => (s: Session) => completeActivity(s, command),
  FailActivity: (command) => (s: Session) => failActivity(s, command),
  TimeOutActivity: (command) => (s: Session) => timeOutActivity(s, command),
  FireTimer: (command) => (s: Session) => fireTimer(s, command),
  SendSignal: (command) => (s: Session) => sendSignal(s, command),
  DeliverEvent: (command) => (s: Session) => deliverEvent(s, command),
  ClaimTask: (command) => (s: Session) => claimTask(s, command),
  ReleaseTask: (command) => (s: Session) => releaseTask(s, command),
  CompleteTask: (command) => (s: Session) => completeTask(s, command),
  EscalateTask: (command) => (s: Session) => escalateTask(s, command),
  CompleteChild: (command) => (s: Session) => completeChild(s, command),
  FailChild: (command) => (s: Session) => failChild(s, command),
  CancelInstance: (command) => (s: Session) => cancel(s, command),
  RetryIncident: (command) => (s: Session) => retry(s, command)
})

/**
 * Decides a command against the state: a rejection, or the events that advance the instance to
 * quiescence (`[]`: nothing to do, so redelivery is harmless). A command whose id the state
 * remembers (signals, events, task commands, retries) decides nothing; the others are
 * idempotent by construction (derived ids, and `[]` for what is no longer pending).
 */
export const decideWith = (definition: CompiledDefinition) => {
  return (
    command: InstanceCommand,
    state: InstanceState
  ): Either.Either<ReadonlyArray<InstanceEvent>, InstanceRejection> => {
    if (state.seen.has(command.commandId)) return Either.right([])
    const canonical = canonicalCommand(command)
    if (Either.isLeft(canonical)) return Either.left(canonical.left)
    const s = session(definition, state, command.at, command.commandId)
    const rejection = handlerOf(canonical.right)(s)
    if (rejection !== undefined) return Either.left(rejection)
    if (s.events.length > 0 && !isTerminal(s.state)) settle(s, state)
    return Either.right(s.events)
  }
}
