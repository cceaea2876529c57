import type { CommandOf } from "../../commands/InstanceCommand.ts"
import type { InstanceRejection } from "../../InstanceRejection.ts"
import { reject } from "../../InstanceRejection.ts"
import type { Thread } from "../../state/InstanceState.ts"
import { threadOf } from "../../state/threads.ts"
import { failStep } from "../failure.ts"
import type { Session } from "../Session.ts"
import { cancelTimersOf, emit, nextToken, stepAt } from "../Session.ts"

/** The path waiting for a child; a child no longer awaited (late, cancelled, redelivered) is none. */
const waiting = (s: Session, childInstanceId: string): { thread: Thread; token: string } | undefined => {
  const token = s.state.children[childInstanceId]
  if (token === undefined) return undefined
  const thread = threadOf(s.state, token)
  return thread?.at.kind === "child" && thread.at.childInstanceId === childInstanceId
    ? { thread, token }
    : undefined
}

export const completeChild = (
  s: Session,
  command: CommandOf<"CompleteChild">
): InstanceRejection | undefined => {
  if (s.state.status === "new")
    return reject("not-started", "Expected a started instance to report a child to, but it has not started")
  const found = waiting(s, command.childInstanceId)
  if (found === undefined) return undefined
  const step = stepAt(s, found.thread.graph, found.thread.at.kind === "child" ? found.thread.at.step : "")
  if (step?.kind !== "subflow") return undefined
  cancelTimersOf(s, found.token)
  const next = nextToken(found.thread, step.next)
  emit(s, {
    _tag: "ChildCompleted",
    token: found.token,
    childInstanceId: command.childInstanceId,
    output: command.output,
    ...(step.output === undefined ? {} : { into: step.output }),
    ...(next === undefined ? {} : { next }),
    at: s.at
  })
  return undefined
}

export const failChild = (s: Session, command: CommandOf<"FailChild">): InstanceRejection | undefined => {
  if (s.state.status === "new")
    return reject("not-started", "Expected a started instance to report a child to, but it has not started")
  const found = waiting(s, command.childInstanceId)
  if (found === undefined || found.thread.at.kind !== "child") return undefined
  cancelTimersOf(s, found.token)
  emit(s, {
    _tag: "ChildFailed",
    token: found.token,
    childInstanceId: command.childInstanceId,
    error: command.error,
    at: s.at
  })
  failStep(s, found.token, found.thread.at.step, command.error, s.definition.retry.onExhausted)
  return undefined
}
