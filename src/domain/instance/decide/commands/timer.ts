import type { CommandOf } from "../../commands/InstanceCommand.ts"
import type { InstanceRejection } from "../../InstanceRejection.ts"
import { reject } from "../../InstanceRejection.ts"
import { threadOf } from "../../state/threads.ts"
import { failInstance } from "../ending.ts"
import { failStep } from "../failure.ts"
import type { Session } from "../Session.ts"
import { cancelTimersOf, emit, stepAt } from "../Session.ts"
import { completeWait, timeOutWait } from "../steps/wait.ts"
import { attemptFailed, attemptOf, locate, nextAttempt } from "./attempts.ts"
import { iso } from "./guards.ts"

/**
 * A due timer fires once: a second firing, a cancelled or unknown timer decides nothing; one
 * fired before its due time is refused. Its consequence follows in the same decision.
 */
export const fireTimer = (s: Session, command: CommandOf<"FireTimer">): InstanceRejection | undefined => {
  const timer = s.state.timers[command.timerId]
  if (timer === undefined) return undefined
  if (s.at < timer.dueAt)
    return reject(
      "timer-not-due",
      `Expected timer ${command.timerId} to fire at ${iso(timer.dueAt)} or later, but it is ${iso(s.at)}`
    )
  emit(s, { _tag: "TimerFired", timerId: command.timerId, at: s.at })
  const token = timer.token ?? ""
  switch (timer.purpose) {
    case "workflow-timeout":
      failInstance(s, {
        type: "Timeout",
        message: `Expected the instance to end by ${iso(timer.dueAt)}, but it was still running`
      })
      return undefined
    case "retry": {
      const target = locate(s, s.state, token)
      if (target !== undefined && !attemptOf(target).running) nextAttempt(s, target)
      return undefined
    }
    case "attempt-timeout": {
      const target = locate(s, s.state, token)
      const attempt = Number(command.timerId.slice(command.timerId.lastIndexOf("/") + 1))
      if (target !== undefined && attemptOf(target).running && attemptOf(target).attempt === attempt)
        attemptFailed(
          s,
          target,
          {
            type: "Timeout",
            message: `Expected attempt ${attempt} of ${token} to finish by ${iso(timer.dueAt)}, but it did not`
          },
          false
        )
      return undefined
    }
    default:
      return fireStepTimer(s, token, timer.purpose, command.timerId)
  }
}

/** Timers of waits, tasks and subflows: act only if the token still stands where the timer expects. */
const fireStepTimer = (s: Session, token: string, purpose: string, timerId: string): undefined => {
  const thread = threadOf(s.state, token)
  const at = thread?.at
  if (thread === undefined || at === undefined || !("token" in at) || at.token !== token) return undefined
  const step = stepAt(s, thread.graph, at.step)
  if (purpose === "sleep" && at.kind === "wait" && step?.kind === "wait")
    completeWait(s, thread, token, step, "time")
  else if (purpose === "wait-timeout" && at.kind === "wait") timeOutWait(s, thread, token, at.step)
  else if (purpose === "remind" && at.kind === "task")
    emit(s, {
      _tag: "TaskReminded",
      taskId: token,
      reminder: Number(timerId.slice(timerId.lastIndexOf("/") + 1)),
      at: s.at
    })
  else if (
    purpose === "escalate" &&
    at.kind === "task" &&
    step?.kind === "human" &&
    step.escalate !== undefined
  )
    emit(s, { _tag: "TaskEscalated", taskId: token, role: step.escalate.to, at: s.at })
  else if (purpose === "subflow-timeout" && at.kind === "child" && step?.kind === "subflow") {
    cancelTimersOf(s, token)
    emit(s, {
      _tag: "ChildCancelRequested",
      token,
      childInstanceId: at.childInstanceId,
      commandId: `cancel:${at.childInstanceId}`,
      at: s.at
    })
    failStep(
      s,
      token,
      step.name,
      {
        type: "Timeout",
        message: `Expected the child ${at.childInstanceId} to end within ${step.timeoutMs ?? 0}ms, but it did not`
      },
      s.definition.retry.onExhausted
    )
  }
  return undefined
}
