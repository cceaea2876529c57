import { jsonSchemaValueProblems } from "../../../definition/jsonSchema/validateJson.ts"
import { formatProblem } from "../../../Problem.ts"
import type { CommandOf } from "../../commands/InstanceCommand.ts"
import type { InstanceRejection } from "../../InstanceRejection.ts"
import { reject } from "../../InstanceRejection.ts"
import { timerIds } from "../../tokens.ts"
import type { Session } from "../Session.ts"
import { cancelTimersOf, emit, nextToken } from "../Session.ts"
import { eligible, notEligible, openTask } from "./taskAccess.ts"

export const claimTask = (s: Session, command: CommandOf<"ClaimTask">): InstanceRejection | undefined => {
  const open = openTask(s, command.taskId, "claim a task")
  if (!("task" in open)) return open
  const { task } = open
  if (task.claimedBy === command.user.subject) return undefined
  if (task.claimedBy !== undefined)
    return reject(
      "task-claimed",
      `Expected task ${task.token} to be unclaimed, but ${task.claimedBy} claimed it`
    )
  if (!eligible(task, command.user)) return notEligible(task, command.user)
  emit(s, {
    _tag: "TaskClaimed",
    taskId: task.token,
    by: command.user.subject,
    commandId: command.commandId,
    at: s.at
  })
  return undefined
}

export const releaseTask = (s: Session, command: CommandOf<"ReleaseTask">): InstanceRejection | undefined => {
  const open = openTask(s, command.taskId, "release a task")
  if (!("task" in open)) return open
  const { task } = open
  if (task.claimedBy !== command.user.subject)
    return reject(
      "not-claimant",
      `Expected ${command.user.subject} to have claimed task ${task.token}, but ${task.claimedBy === undefined ? "nobody has" : `${task.claimedBy} has`}`
    )
  emit(s, {
    _tag: "TaskReleased",
    taskId: task.token,
    by: command.user.subject,
    commandId: command.commandId,
    at: s.at
  })
  return undefined
}

/**
 * Completes a task: by its claimant, or by an eligible person when unclaimed; with a named
 * outcome when the step has outcomes (none otherwise); with data the form accepts.
 */
export const completeTask = (
  s: Session,
  command: CommandOf<"CompleteTask">
): InstanceRejection | undefined => {
  const open = openTask(s, command.taskId, "complete a task")
  if (!("task" in open)) return open
  const { thread, task, step } = open
  const user = command.user
  if (task.claimedBy !== undefined && task.claimedBy !== user.subject)
    return reject(
      "task-claimed",
      `Expected ${user.subject} to have claimed task ${task.token}, but ${task.claimedBy} claimed it`
    )
  if (task.claimedBy === undefined && !eligible(task, user)) return notEligible(task, user)
  const outcomes = task.outcomes
  if (outcomes.length > 0 && (command.outcome === undefined || !outcomes.includes(command.outcome)))
    return reject(
      "unknown-outcome",
      `Expected one of the outcomes ${outcomes.join(", ")}, but got ${command.outcome === undefined ? "none" : JSON.stringify(command.outcome)}`
    )
  if (outcomes.length === 0 && command.outcome !== undefined)
    return reject(
      "unknown-outcome",
      `Expected no outcome (step ${step.name} has none), but got ${JSON.stringify(command.outcome)}`
    )
  if (step.formSchema !== undefined) {
    const problems = jsonSchemaValueProblems(step.formSchema, command.data, ["data"])
    if (problems.length > 0)
      return reject(
        "invalid-form-data",
        `Expected form data matching the form, but ${problems.map(formatProblem).join("; ")}`
      )
  }
  cancelTimersOf(s, task.token)
  const target = command.outcome === undefined ? step.next : step.outcomes?.[command.outcome]
  const next = nextToken(thread, target)
  emit(s, {
    _tag: "TaskCompleted",
    taskId: task.token,
    by: user.subject,
    ...(command.outcome === undefined ? {} : { outcome: command.outcome }),
    data: command.data,
    ...(step.into === undefined ? {} : { into: step.into }),
    ...(next === undefined ? {} : { next }),
    commandId: command.commandId,
    at: s.at
  })
  return undefined
}

/** Moves a task to another role (the step's `escalate.to` unless named), unassigned and unclaimed. */
export const escalateTask = (
  s: Session,
  command: CommandOf<"EscalateTask">
): InstanceRejection | undefined => {
  const open = openTask(s, command.taskId, "escalate a task")
  if (!("task" in open)) return open
  const { task, step } = open
  const role = command.to ?? step.escalate?.to
  if (role === undefined)
    return reject(
      "not-eligible",
      `Expected a role to escalate task ${task.token} to, but the command and step ${step.name} name none`
    )
  const timer = timerIds.escalate(task.token)
  if (s.state.timers[timer] !== undefined) emit(s, { _tag: "TimerCancelled", timerId: timer, at: s.at })
  emit(s, {
    _tag: "TaskEscalated",
    taskId: task.token,
    role,
    ...(command.user === undefined ? {} : { by: command.user.subject }),
    commandId: command.commandId,
    at: s.at
  })
  return undefined
}
