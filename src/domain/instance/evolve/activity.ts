import type { Json } from "../../json/Json.ts"
import type { EventOf } from "../events/InstanceEvent.ts"
import type { Draft, Registration, Thread } from "../state/InstanceState.ts"
import { advance, putThread, threadOf, writeContext, withPosition, threadAt } from "../state/threads.ts"
import { isCompensationToken } from "../tokens.ts"

export const activityScheduled = (d: Draft, event: EventOf<"ActivityScheduled">): void => {
  if (event.compensation) {
    const ending = d.ending
    if (ending === undefined) return
    const current = ending.current
    if (current !== undefined && current.token === event.token) {
      d.ending = { ...ending, current: { ...current, attempt: event.attempt, running: true } }
      return
    }
    const registration = d.compensations[d.compensations.length - 1]
    if (registration === undefined) return
    d.compensations = d.compensations.slice(0, -1)
    d.ending = {
      ...ending,
      current: {
        registration,
        token: event.token,
        attempt: event.attempt,
        roundStart: event.attempt,
        running: true
      }
    }
    return
  }
  const thread = threadOf(d, event.token)
  if (thread === undefined) return
  putThread(
    d,
    withPosition(thread, {
      kind: "activity",
      token: event.token,
      step: event.step,
      attempt: event.attempt,
      roundStart: thread.at.kind === "activity" ? thread.at.roundStart : event.attempt,
      running: true
    })
  )
}

export const activityCompleted = (d: Draft, event: EventOf<"ActivityCompleted">): void => {
  const ending = d.ending
  if (ending?.current?.token === event.activityId) {
    d.ending = { cause: ending.cause }
    return
  }
  const thread = threadOf(d, event.activityId)
  if (thread === undefined) return
  putThread(d, advance(writeContext(thread, event.output, event.result), event.next))
  register(d, thread, event.activityId, event.compensate, event.result)
}

/** An attempt ended without completing (failed, timed out, cancelled): nothing runs until the next. */
const stopped = (d: Draft, activityId: string, cancelled: boolean): void => {
  const ending = d.ending
  if (ending?.current?.token === activityId) {
    d.ending = cancelled
      ? { cause: ending.cause }
      : { ...ending, current: { ...ending.current, running: false } }
    return
  }
  const thread = threadOf(d, activityId)
  if (thread !== undefined && thread.at.kind === "activity")
    putThread(d, withPosition(thread, { ...thread.at, running: false }))
}

export const activityFailed = (d: Draft, event: EventOf<"ActivityFailed">): void =>
  stopped(d, event.activityId, false)

export const activityCancelled = (d: Draft, event: EventOf<"ActivityCancelled">): void =>
  stopped(d, event.activityId, true)

/** `set`, `log`, `noop` and choices: a step done within the decision, then the next token. */
export const passed = (
  d: Draft,
  event: EventOf<"ContextSet" | "LogRecorded" | "StepPassed" | "ChoiceMade">
): void => {
  if (isCompensationToken(event.token)) return compensationPassed(d, event)
  const thread = threadOf(d, event.token)
  if (thread === undefined) return
  let written = thread
  if (event._tag === "ContextSet")
    for (const path in event.values) written = writeContext(written, path, event.values[path])
  putThread(d, advance(written, event.next))
  if (event._tag !== "ChoiceMade") register(d, thread, event.token, event.compensate, null)
}

/** A built-in compensation ran inline: the last registration is done (a `set` writes the root context). */
const compensationPassed = (
  d: Draft,
  event: EventOf<"ContextSet" | "LogRecorded" | "StepPassed" | "ChoiceMade">
): void => {
  d.compensations = d.compensations.slice(0, -1)
  const root = threadAt(d, "")
  if (event._tag !== "ContextSet" || root === undefined) return
  let written = root
  for (const path in event.values) written = writeContext(written, path, event.values[path])
  putThread(d, written)
}

const register = (d: Draft, thread: Thread, token: string, step: string | undefined, result: Json): void => {
  if (step === undefined) return
  const registration: Registration = {
    token,
    step,
    graph: thread.graph,
    result,
    ...(thread.item === undefined ? {} : { item: thread.item }),
    ...(thread.index === undefined ? {} : { index: thread.index })
  }
  d.compensations = [...d.compensations, registration]
}
