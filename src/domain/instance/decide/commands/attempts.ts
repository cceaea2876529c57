import type { ActionStep } from "../../../definition/compile/CompiledDefinition.ts"
import type { ErrorInfo } from "../../schema/ErrorInfo.ts"
import type { CompensationRun, InstanceState, Thread, ActivityPosition } from "../../state/InstanceState.ts"
import { threadOf, threadAt } from "../../state/threads.ts"
import { timerIds } from "../../tokens.ts"
import { scheduleCompensation } from "../compensation.ts"
import { failStep } from "../failure.ts"
import { retries, retryDelayMs } from "../retry.ts"
import type { Session } from "../Session.ts"
import { cancelTimersOf, emit, stepAt } from "../Session.ts"
import { scheduleAttempt } from "../steps/action.ts"

/** The activity an id names: a step's current attempt or the running compensation. */
export type Target =
  | {
      readonly kind: "step"
      readonly thread: Thread
      readonly at: ActivityPosition
      readonly step: ActionStep
    }
  | { readonly kind: "compensation"; readonly run: CompensationRun; readonly step: ActionStep }

export const locate = (s: Session, state: InstanceState, activityId: string): Target | undefined => {
  const run = state.ending?.current
  if (run !== undefined && run.token === activityId) {
    const step = stepAt(s, run.registration.graph, run.registration.step)
    return step?.kind === "action" ? { kind: "compensation", run, step } : undefined
  }
  const thread = threadOf(state, activityId)
  if (thread === undefined || thread.at.kind !== "activity" || thread.at.token !== activityId)
    return undefined
  const step = stepAt(s, thread.graph, thread.at.step)
  return step?.kind === "action" ? { kind: "step", thread, at: thread.at, step } : undefined
}

export const attemptOf = (
  target: Target
): { readonly attempt: number; readonly roundStart: number; readonly running: boolean } =>
  target.kind === "step" ? target.at : target.run

export const tokenOf = (target: Target): string =>
  target.kind === "step" ? target.at.token : target.run.token

/**
 * An attempt failed (reported, timed out or lost its heartbeat): another attempt after the
 * policy's delay, or — retries exhausted or the error not retryable — the step fails (a
 * compensation raises an incident instead).
 */
export const attemptFailed = (
  s: Session,
  target: Target,
  error: ErrorInfo,
  markedNonRetryable: boolean,
  extra: { startedAt?: number; worker?: string } = {}
): void => {
  const token = tokenOf(target)
  const { attempt, roundStart } = attemptOf(target)
  cancelTimersOf(s, token)
  emit(s, { _tag: "ActivityFailed", activityId: token, attempt, error, ...extra, at: s.at })
  const policy = target.step.retry
  const made = attempt - roundStart + 1
  if (retries(policy, made, error.type, markedNonRetryable)) {
    const delay = retryDelayMs(policy, made, s.state.instanceId, token, attempt + 1)
    if (delay > 0)
      emit(s, {
        _tag: "TimerScheduled",
        timerId: timerIds.retry(token, attempt + 1),
        purpose: "retry",
        token,
        dueAt: s.at + delay,
        at: s.at
      })
    else nextAttempt(s, target)
    return
  }
  if (target.kind === "compensation")
    emit(s, { _tag: "IncidentRaised", token, step: target.step.name, error, compensation: true, at: s.at })
  else failStep(s, token, target.step.name, error, policy.onExhausted)
}

/** Schedules the attempt after the target's current one (a retry timer fired, or no delay). */
export const nextAttempt = (s: Session, target: Target): void => {
  if (target.kind === "compensation") scheduleCompensation(s, target.run.registration, target.run.attempt + 1)
  else {
    const thread = threadAt(s.state, target.thread.scope) ?? target.thread
    scheduleAttempt(s, thread, target.at.token, target.step, target.at.attempt + 1)
  }
}
