import type { Json } from "../../json/Json.ts"
import type { EventOf } from "../events/InstanceEvent.ts"
import type { InstanceState, Registration, Thread } from "../state/InstanceState.ts"
import { advance, putThread, threadOf, updateThreadOf, writeContext } from "../state/threads.ts"
import { isCompensationToken } from "../tokens.ts"

export const activityScheduled = (
  state: InstanceState,
  event: EventOf<"ActivityScheduled">
): InstanceState => {
  if (event.compensation) {
    const ending = state.ending
    if (ending === undefined) return state
    const current = ending.current
    if (current !== undefined && current.token === event.token)
      return {
        ...state,
        ending: { ...ending, current: { ...current, attempt: event.attempt, running: true } }
      }
    const registration = state.compensations[state.compensations.length - 1]
    if (registration === undefined) return state
    return {
      ...state,
      compensations: state.compensations.slice(0, -1),
      ending: {
        ...ending,
        current: {
          registration,
          token: event.token,
          attempt: event.attempt,
          roundStart: event.attempt,
          running: true
        }
      }
    }
  }
  return updateThreadOf(state, event.token, (thread) => ({
    ...thread,
    at: {
      kind: "activity",
      token: event.token,
      step: event.step,
      attempt: event.attempt,
      roundStart: thread.at.kind === "activity" ? thread.at.roundStart : event.attempt,
      running: true
    }
  }))
}

export const activityCompleted = (
  state: InstanceState,
  event: EventOf<"ActivityCompleted">
): InstanceState => {
  const ending = state.ending
  if (ending?.current?.token === event.activityId) return { ...state, ending: { cause: ending.cause } }
  const thread = threadOf(state, event.activityId)
  if (thread === undefined) return state
  const moved = advance(writeContext(thread, event.output, event.result), event.next)
  return register(putThread(state, moved), thread, event.activityId, event.compensate, event.result)
}

export const activityFailed = (state: InstanceState, event: EventOf<"ActivityFailed">): InstanceState => {
  const ending = state.ending
  if (ending?.current?.token === event.activityId)
    return { ...state, ending: { ...ending, current: { ...ending.current, running: false } } }
  return updateThreadOf(state, event.activityId, (thread) =>
    thread.at.kind === "activity" ? { ...thread, at: { ...thread.at, running: false } } : thread
  )
}

export const activityCancelled = (
  state: InstanceState,
  event: EventOf<"ActivityCancelled">
): InstanceState => {
  const ending = state.ending
  if (ending?.current?.token === event.activityId) return { ...state, ending: { cause: ending.cause } }
  return updateThreadOf(state, event.activityId, (thread) =>
    thread.at.kind === "activity" ? { ...thread, at: { ...thread.at, running: false } } : thread
  )
}

/** `set`, `log`, `noop` and choices: a step done within the decision, then the next token. */
export const passed = (
  state: InstanceState,
  event: EventOf<"ContextSet" | "LogRecorded" | "StepPassed" | "ChoiceMade">
): InstanceState => {
  if (isCompensationToken(event.token)) return compensationPassed(state, event)
  const thread = threadOf(state, event.token)
  if (thread === undefined) return state
  let written = thread
  if (event._tag === "ContextSet")
    for (const path in event.values) written = writeContext(written, path, event.values[path])
  const moved = putThread(state, advance(written, event.next))
  return event._tag === "ChoiceMade" ? moved : register(moved, thread, event.token, event.compensate, null)
}

/** A built-in compensation ran inline: the last registration is done (a `set` writes the root). */
const compensationPassed = (
  state: InstanceState,
  event: EventOf<"ContextSet" | "LogRecorded" | "StepPassed" | "ChoiceMade">
): InstanceState => {
  const root = state.threads[""]
  let next: InstanceState = { ...state, compensations: state.compensations.slice(0, -1) }
  if (event._tag === "ContextSet" && root !== undefined) {
    let written = root
    for (const path in event.values) written = writeContext(written, path, event.values[path])
    next = { ...next, threads: { ...next.threads, "": written } }
  }
  return next
}

const register = (
  state: InstanceState,
  thread: Thread,
  token: string,
  step: string | undefined,
  result: Json
): InstanceState => {
  if (step === undefined) return state
  const registration: Registration = {
    token,
    step,
    graph: thread.graph,
    result,
    ...(thread.item === undefined ? {} : { item: thread.item }),
    ...(thread.index === undefined ? {} : { index: thread.index })
  }
  return { ...state, compensations: [...state.compensations, registration] }
}
