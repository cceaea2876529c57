import type { EventOf } from "../events/InstanceEvent.ts"
import { addWritten, mergeWritten } from "../state/context.ts"
import type { BranchState, Draft } from "../state/InstanceState.ts"
import {
  advance,
  dropThreads,
  putThread,
  newThread,
  threadOf,
  withMerged,
  withPosition,
  threadAt
} from "../state/threads.ts"
import { nestedGraph } from "../tokens.ts"

export const parallelStarted = (d: Draft, event: EventOf<"ParallelStarted">): void => {
  const parent = threadOf(d, event.token)
  if (parent === undefined) return
  putThread(
    d,
    withPosition(parent, {
      kind: "parallel",
      token: event.token,
      step: event.step,
      join: event.join,
      branches: event.branches.map(({ scope }) => ({ scope, status: "running" }))
    })
  )
  event.branches.forEach(({ scope, start }, index) =>
    // A branch inside a map item still sees the item.
    putThread(
      d,
      newThread(scope, nestedGraph(parent.graph, event.step, `b${index}`), parent.context, start, parent)
    )
  )
}

/** A branch reached its end: a completed one stays (for the merge) until the join, any other goes. */
export const branchSettled = (
  d: Draft,
  event: EventOf<"BranchCompleted" | "BranchFailed" | "BranchCancelled">
): void => {
  const parent = threadOf(d, event.token)
  if (parent === undefined || parent.at.kind !== "parallel") return
  const status =
    event._tag === "BranchCompleted" ? "completed" : event._tag === "BranchFailed" ? "failed" : "cancelled"
  const branches = parent.at.branches.map((branch, index): BranchState =>
    index !== event.branch
      ? branch
      : event._tag === "BranchFailed"
        ? { scope: branch.scope, status, error: event.error, onExhausted: event.onExhausted }
        : { scope: branch.scope, status }
  )
  putThread(d, withPosition(parent, { ...parent.at, branches }))
  const scope = branches[event.branch]?.scope
  if (scope === undefined) return
  if (status !== "completed") return dropThreads(d, [scope])
  const branch = threadAt(d, scope)
  if (branch !== undefined) putThread(d, withPosition(branch, { kind: "done", outcome: "completed" }))
}

export const parallelJoined = (d: Draft, event: EventOf<"ParallelJoined">): void => {
  const parent = threadOf(d, event.token)
  if (parent === undefined || parent.at.kind !== "parallel") return
  const branches = parent.at.branches
  let context = parent.context
  let written = parent.written
  for (const index of event.merged) {
    const branch = threadAt(d, branches[index]?.scope ?? "")
    if (branch === undefined || branch.scope === "" || branch.written === undefined) continue
    context = mergeWritten(context, branch.context, branch.written)
    if (written !== undefined) for (const path of branch.written) written = addWritten(written, path)
  }
  dropThreads(
    d,
    branches.map((branch) => branch.scope)
  )
  putThread(d, advance(withMerged(parent, context, written), event.next))
}
