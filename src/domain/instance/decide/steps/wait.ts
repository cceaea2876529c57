import { Either } from "effect"
import type { WaitStep } from "../../../definition/compile/CompiledDefinition.ts"
import type { Json } from "../../../json/Json.ts"
import type { Thread } from "../../state/InstanceState.ts"
import { timerIds } from "../../tokens.ts"
import { failStep } from "../failure.ts"
import { bufferedFor } from "../messages.ts"
import type { Session } from "../Session.ts"
import { cancelTimersOf, emit, nextToken, stepAt } from "../Session.ts"
import { waitingFor } from "./waitFor.ts"
import { threadAt } from "../../state/threads.ts"

/**
 * Enters a wait. A buffered signal or event that satisfies it is consumed at once (no
 * `WaitEntered`); an event wait records the correlation key it computed; a sleep whose instant
 * has passed completes at once.
 */
export const enterWait = (s: Session, thread: Thread, token: string, step: WaitStep): void => {
  const waitFor = waitingFor(s, thread, step)
  if (Either.isLeft(waitFor))
    return failStep(s, token, step.name, waitFor.left, s.definition.retry.onExhausted)
  const wanted = waitFor.right
  if (wanted.kind === "time") {
    if (wanted.until <= s.at) return completeWait(s, thread, token, step, "time")
  } else {
    const message = bufferedFor(s, wanted)
    if (message !== undefined)
      return completeWait(s, thread, token, step, wanted.kind, {
        messageId: message.messageId,
        payload: message.payload
      })
  }
  const timeoutAt = wanted.kind === "time" || step.timeoutMs === undefined ? undefined : s.at + step.timeoutMs
  emit(s, {
    _tag: "WaitEntered",
    token,
    step: step.name,
    waitFor: wanted,
    ...(timeoutAt === undefined ? {} : { timeoutAt }),
    at: s.at
  })
  if (wanted.kind === "time")
    emit(s, {
      _tag: "TimerScheduled",
      timerId: timerIds.sleep(token),
      purpose: "sleep",
      token,
      dueAt: wanted.until,
      at: s.at
    })
  if (timeoutAt !== undefined)
    emit(s, {
      _tag: "TimerScheduled",
      timerId: timerIds.timeout(token),
      purpose: "wait-timeout",
      token,
      dueAt: timeoutAt,
      at: s.at
    })
}

/** The wait is over: its timers go, the payload goes to `into`, the path moves on. */
export const completeWait = (
  s: Session,
  thread: Thread,
  token: string,
  step: WaitStep,
  via: "signal" | "event" | "time",
  message?: { readonly messageId: string; readonly payload: Json }
): void => {
  cancelTimersOf(s, token)
  const next = nextToken(threadAt(s.state, thread.scope) ?? thread, step.next)
  emit(s, {
    _tag: "WaitCompleted",
    token,
    step: step.name,
    via,
    ...(message === undefined
      ? {}
      : {
          messageId: message.messageId,
          payload: message.payload,
          ...(step.into === undefined ? {} : { into: step.into })
        }),
    ...(next === undefined ? {} : { next }),
    at: s.at
  })
}

/** The wait's timeout fired: `onTimeout`, or the step fails with `Timeout`. */
export const timeOutWait = (s: Session, thread: Thread, token: string, stepName: string): void => {
  const step = stepAt(s, thread.graph, stepName)
  if (step === undefined || step.kind !== "wait") return
  cancelTimersOf(s, token)
  const next = nextToken(thread, step.onTimeout)
  if (next !== undefined) {
    emit(s, { _tag: "WaitTimedOut", token, step: step.name, next, at: s.at })
    return
  }
  failStep(
    s,
    token,
    step.name,
    {
      type: "Timeout",
      message: `Expected the wait ${step.name} to end within ${step.timeoutMs ?? 0}ms, but it timed out`
    },
    s.definition.retry.onExhausted
  )
}
