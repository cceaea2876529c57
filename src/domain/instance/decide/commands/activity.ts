import type { Mutable } from "effect/Types"
import type { CommandOf } from "../../commands/InstanceCommand.ts"
import type { EventOf } from "../../events/InstanceEvent.ts"
import type { InstanceRejection } from "../../InstanceRejection.ts"
import { reject } from "../../InstanceRejection.ts"
import type { Session } from "../Session.ts"
import { cancelTimersOf, emit, nextToken } from "../Session.ts"
import type { Target } from "./attempts.ts"
import { attemptFailed, attemptOf, locate, tokenOf } from "./attempts.ts"

/**
 * The pending attempt an outcome reports on, `"stale"` when it is not pending any more (a
 * redelivery, a late worker, a cancelled attempt: nothing to do), or a rejection for an attempt
 * never scheduled.
 */
const pending = (s: Session, activityId: string, attempt: number): Target | "stale" | InstanceRejection => {
  if (s.state.status === "new")
    return reject(
      "not-started",
      "Expected a started instance to report an activity on, but it has not started"
    )
  const target = locate(s, s.state, activityId)
  if (target === undefined) return "stale"
  const current = attemptOf(target)
  if (attempt > current.attempt)
    return reject(
      "unknown-attempt",
      `Expected attempt ${current.attempt} or earlier of activity ${activityId}, but got attempt ${attempt}`
    )
  return attempt < current.attempt || !current.running ? "stale" : target
}

export const completeActivity = (
  s: Session,
  command: CommandOf<"CompleteActivity">
): InstanceRejection | undefined => {
  const target = pending(s, command.activityId, command.attempt)
  if (target === "stale") return undefined
  if (!("kind" in target)) return target
  const token = tokenOf(target)
  cancelTimersOf(s, token)
  const step = target.step
  const next = target.kind === "step" ? nextToken(target.thread, step.next) : undefined
  // Optional fields set one by one: spreads of small objects cost more on this hot path.
  const event: Mutable<EventOf<"ActivityCompleted">> = {
    _tag: "ActivityCompleted",
    activityId: token,
    attempt: command.attempt,
    result: command.result,
    at: s.at
  }
  if (target.kind === "step" && step.output !== undefined) event.output = step.output
  if (target.kind === "step" && step.compensate !== undefined) event.compensate = step.compensate
  if (next !== undefined) event.next = next
  if (command.startedAt !== undefined) event.startedAt = command.startedAt
  if (command.worker !== undefined) event.worker = command.worker
  emit(s, event)
  return undefined
}

export const failActivity = (
  s: Session,
  command: CommandOf<"FailActivity">
): InstanceRejection | undefined => {
  const target = pending(s, command.activityId, command.attempt)
  if (target === "stale") return undefined
  if (!("kind" in target)) return target
  attemptFailed(s, target, command.error, command.nonRetryable === true, {
    ...(command.startedAt === undefined ? {} : { startedAt: command.startedAt }),
    ...(command.worker === undefined ? {} : { worker: command.worker })
  })
  return undefined
}

export const timeOutActivity = (
  s: Session,
  command: CommandOf<"TimeOutActivity">
): InstanceRejection | undefined => {
  const target = pending(s, command.activityId, command.attempt)
  if (target === "stale") return undefined
  if (!("kind" in target)) return target
  const heartbeat = target.step.heartbeatMs ?? 0
  attemptFailed(
    s,
    target,
    {
      type: "HeartbeatTimeout",
      message: `Expected a heartbeat every ${heartbeat}ms from attempt ${command.attempt} of ${command.activityId}, but it stopped`
    },
    false
  )
  return undefined
}
