import { Either } from "effect"
import type { Mutable } from "effect/Types"
import type { ActionStep } from "../../../definition/compile/CompiledDefinition.ts"
import type { Bindings } from "../../../expressions/Bindings.ts"
import { renderTemplate } from "../../../expressions/template.ts"
import type { Json } from "../../../json/Json.ts"
import type { EventOf } from "../../events/InstanceEvent.ts"
import type { ErrorInfo } from "../../schema/ErrorInfo.ts"
import type { Thread } from "../../state/InstanceState.ts"
import { idempotencyKey, timerIds } from "../../tokens.ts"
import { failStep } from "../failure.ts"
import type { Session } from "../Session.ts"
import { bindingsFor, emit, expressionFailure, nextToken, storable } from "../Session.ts"
import { runBuiltin } from "./builtin.ts"

/** The rendered `with` of an action (null without one), canonical, or the failure it causes. */
export const renderWith = (step: ActionStep, vars: Bindings): Either.Either<Json, ErrorInfo> => {
  if (step.with === undefined) return Either.right(null)
  const template = step.with
  if (Either.isLeft(template)) return Either.left(expressionFailure(`Step ${step.name}`, template.left))
  return storable(`Step ${step.name}`, renderTemplate(template.right, vars))
}

/** Enters an action: built-ins run now, anything else is scheduled as attempt 1 of an activity. */
export const enterAction = (s: Session, thread: Thread, token: string, step: ActionStep): void => {
  if (step.builtin !== undefined) {
    runBuiltin(
      s,
      step,
      token,
      bindingsFor(s, thread, step.uses),
      nextToken(thread, step.next),
      step.compensate,
      (error) => failStep(s, token, step.name, error, step.retry.onExhausted)
    )
    return
  }
  scheduleAttempt(s, thread, token, step, 1)
}

/** Schedules an attempt (its `with` rendered against the context as it is now) and its timeout timer. */
export const scheduleAttempt = (
  s: Session,
  thread: Thread,
  token: string,
  step: ActionStep,
  attempt: number
): void => {
  const input = renderWith(step, bindingsFor(s, thread, step.uses))
  if (Either.isLeft(input)) return failStep(s, token, step.name, input.left, step.retry.onExhausted)
  emitAttempt(s, token, step, attempt, input.right, false)
}

/**
 * Emits an activity's attempt (of the step or of its compensation) with its input rendered, and
 * the attempt's timeout timer.
 */
export const emitAttempt = (
  s: Session,
  token: string,
  step: ActionStep,
  attempt: number,
  input: Json,
  compensation: boolean
): void => {
  // Optional fields set one by one: spreads of small objects cost more on this hot path.
  const event: Mutable<EventOf<"ActivityScheduled">> = {
    _tag: "ActivityScheduled",
    activityId: token,
    token,
    step: step.name,
    attempt,
    action: step.action,
    input,
    idempotencyKey: idempotencyKey(s.state.instanceId, token),
    compensation,
    at: s.at
  }
  if (step.queue !== undefined) event.queue = step.queue
  if (step.timeoutMs !== undefined) event.timeoutMs = step.timeoutMs
  if (step.heartbeatMs !== undefined) event.heartbeatMs = step.heartbeatMs
  emit(s, event)
  if (step.timeoutMs !== undefined)
    emit(s, {
      _tag: "TimerScheduled",
      timerId: timerIds.attemptTimeout(token, attempt),
      purpose: "attempt-timeout",
      token,
      dueAt: s.at + step.timeoutMs,
      at: s.at
    })
}
