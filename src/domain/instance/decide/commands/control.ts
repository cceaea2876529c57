import type { CommandOf } from "../../commands/InstanceCommand.ts"
import type { InstanceRejection } from "../../InstanceRejection.ts"
import { reject } from "../../InstanceRejection.ts"
import { threadOf, threadAt } from "../../state/threads.ts"
import { tokenIn } from "../../tokens.ts"
import { scheduleCompensation } from "../compensation.ts"
import { cancelInstance, finish } from "../ending.ts"
import type { Session } from "../Session.ts"
import { emit, stepAt } from "../Session.ts"
import { scheduleAttempt } from "../steps/action.ts"
import { cancelEverything } from "../cancel.ts"
import { lastVisit } from "../../state/Visits.ts"

/**
 * Cancels the instance: everything pending is cancelled, then the compensations run if asked
 * (and any are registered) before `InstanceCancelled`. A repeat decides nothing; while the
 * instance compensates after a failure, only a cancel without compensation (stopping them) is
 * accepted.
 */
export const cancel = (s: Session, command: CommandOf<"CancelInstance">): InstanceRejection | undefined => {
  const state = s.state
  const compensate = command.compensate === true
  if (state.status === "new")
    return reject("not-started", "Expected a started instance to cancel, but it has not started")
  if (state.status === "cancelled") return undefined
  if (state.status === "completed" || state.status === "failed")
    return reject("finished", `Expected a running instance to cancel, but it is ${state.status}`)
  if (state.ending !== undefined) {
    if (state.ending.cause.kind === "cancelled" && compensate) return undefined
    if (compensate)
      return reject(
        "ending",
        "Expected an instance that is not compensating, but it compensates after a failure; cancel with compensate: false to stop"
      )
    cancelEverything(s)
    finish(s, { kind: "cancelled", ...(command.reason === undefined ? {} : { reason: command.reason }) })
    return undefined
  }
  cancelInstance(s, compensate, command.reason)
  return undefined
}

/**
 * Resolves an incident (`/retry`): an action or compensation gets another attempt with a fresh
 * `maxAttempts` budget (same activity id and idempotency key); any other step is entered again
 * as a new visit.
 */
export const retry = (s: Session, command: CommandOf<"RetryIncident">): InstanceRejection | undefined => {
  const state = s.state
  const incident = state.incident
  if (state.status !== "incident" || incident === undefined)
    return state.status === "new"
      ? reject("not-started", "Expected an instance in incident to retry, but it has not started")
      : reject("not-in-incident", `Expected an instance in incident to retry, but it is ${state.status}`)
  if (incident.compensation) {
    emit(s, { _tag: "IncidentResolved", token: incident.token, commandId: command.commandId, at: s.at })
    const run = s.state.ending?.current
    if (run !== undefined) scheduleCompensation(s, run.registration, run.attempt + 1)
    return undefined
  }
  const thread = threadOf(state, incident.token)
  const at = thread?.at
  if (thread === undefined || at?.kind !== "incident")
    return reject("not-in-incident", "Expected an incident on a step, but found none")
  const step = stepAt(s, thread.graph, at.step)
  if (step?.kind === "action" && at.attempt !== undefined) {
    emit(s, { _tag: "IncidentResolved", token: incident.token, commandId: command.commandId, at: s.at })
    const resumed = threadAt(s.state, thread.scope) ?? thread
    scheduleAttempt(s, resumed, incident.token, step, at.attempt + 1)
    return undefined
  }
  const next = tokenIn(thread.scope, at.step, lastVisit(thread.visits, at.step) + 1)
  emit(s, { _tag: "IncidentResolved", token: incident.token, commandId: command.commandId, next, at: s.at })
  return undefined
}
