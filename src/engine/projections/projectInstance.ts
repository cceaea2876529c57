import type { RowChanges } from "../ports/RowChanges.ts"
import { projectExecution } from "./executions.ts"
import { projectHumanTasks } from "./humanTasks.ts"
import type { ProjectionInput } from "./ProjectionInput.ts"
import { projectOutbox } from "./outbox.ts"
import { projectTimers } from "./timers.ts"
import { projectWorkItems } from "./workItems.ts"

/**
 * The row changes of every inline projection for one commit of one instance — executions,
 * human tasks, work items, timers, outbox — pure, with no reads. Applied after each commit or
 * once over a whole stream from zero, they leave the same rows (DESIGN §7, invariant 9).
 */
export const projectInstance = (input: ProjectionInput): RowChanges => [
  ...projectExecution(input),
  ...projectHumanTasks(input),
  ...projectWorkItems(input),
  ...projectTimers(input),
  ...projectOutbox(input)
]
