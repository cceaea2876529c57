import type { HumanStep } from "../../../definition/compile/CompiledDefinition.ts"
import type { Person } from "../../commands/InstanceCommand.ts"
import type { InstanceRejection } from "../../InstanceRejection.ts"
import { reject } from "../../InstanceRejection.ts"
import type { TaskPosition, Thread } from "../../state/InstanceState.ts"
import { threadOf } from "../../state/threads.ts"
import type { Session } from "../Session.ts"
import { stepAt } from "../Session.ts"
import { requireLive } from "./guards.ts"

export interface OpenTask {
  readonly thread: Thread
  readonly task: TaskPosition
  readonly step: HumanStep
}

export const openTask = (s: Session, taskId: string, what: string): OpenTask | InstanceRejection => {
  const refused = requireLive(s.state, what)
  if (refused !== undefined) return refused
  const thread = threadOf(s.state, taskId)
  const step = thread?.at.kind === "task" ? stepAt(s, thread.graph, thread.at.step) : undefined
  if (
    thread === undefined ||
    thread.at.kind !== "task" ||
    thread.at.token !== taskId ||
    step?.kind !== "human"
  )
    return reject("task-not-open", `Expected an open task ${taskId}, but there is none`)
  return { thread, task: thread.at, step }
}

/** The assignee may act; with no assignee, anyone in the task's role. */
export const eligible = (task: TaskPosition, user: Person): boolean =>
  task.assignee !== undefined ? task.assignee === user.subject : user.groups.includes(task.role)

export const notEligible = (task: TaskPosition, user: Person): InstanceRejection =>
  reject(
    "not-eligible",
    task.assignee !== undefined
      ? `Expected ${task.assignee} (the assignee) to act on task ${task.token}, but ${user.subject} is not`
      : `Expected a member of ${task.role} to act on task ${task.token}, but ${user.subject} is not`
  )
