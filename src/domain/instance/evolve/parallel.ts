import type { EventOf } from "../events/InstanceEvent.ts"
import { addWritten, mergeWritten } from "../state/context.ts"
import type { BranchState, InstanceState, ParallelPosition, Thread } from "../state/InstanceState.ts"
import { advance, dropThreads, putThread, threadOf } from "../state/threads.ts"
import { nestedGraph, stepOf, visitOf } from "../tokens.ts"

export const parallelStarted = (state: InstanceState, event: EventOf<"ParallelStarted">): InstanceState => {
  const parent = threadOf(state, event.token)
  if (parent === undefined) return state
  let next = putThread(state, {
    ...parent,
    at: {
      kind: "parallel",
      token: event.token,
      step: event.step,
      join: event.join,
      branches: event.branches.map(({ scope }) => ({ scope, status: "running" }))
    }
  })
  event.branches.forEach(({ scope, start }, index) => {
    const branch: Thread = {
      scope,
      graph: nestedGraph(parent.graph, event.step, `b${index}`),
      context: parent.context,
      written: [],
      visits: { [stepOf(start)]: visitOf(start) },
      at: { kind: "ready", token: start, step: stepOf(start) },
      ...(parent.item === undefined ? {} : { item: parent.item }),
      ...(parent.index === undefined ? {} : { index: parent.index })
    }
    next = putThread(next, branch)
  })
  return next
}

/** A branch reached its end: a completed one stays (for the merge) until the join, any other goes. */
export const branchSettled = (
  state: InstanceState,
  event: EventOf<"BranchCompleted" | "BranchFailed" | "BranchCancelled">
): InstanceState => {
  const parent = threadOf(state, event.token)
  if (parent === undefined || parent.at.kind !== "parallel") return state
  const status =
    event._tag === "BranchCompleted" ? "completed" : event._tag === "BranchFailed" ? "failed" : "cancelled"
  const branches = parent.at.branches.map((branch, index): BranchState =>
    index !== event.branch
      ? branch
      : event._tag === "BranchFailed"
        ? { scope: branch.scope, status, error: event.error, onExhausted: event.onExhausted }
        : { scope: branch.scope, status }
  )
  const scope = branches[event.branch]?.scope
  const next = putThread(state, { ...parent, at: { ...parent.at, branches } })
  if (scope === undefined) return next
  // Only a completed branch is kept: the join merges its writes.
  if (status !== "completed") return dropThreads(next, [scope])
  const branch = next.threads[scope]
  return branch === undefined
    ? next
    : putThread(next, { ...branch, at: { kind: "done", outcome: "completed" } })
}

export const parallelJoined = (state: InstanceState, event: EventOf<"ParallelJoined">): InstanceState => {
  const parent = threadOf(state, event.token)
  if (parent === undefined || parent.at.kind !== "parallel") return state
  const position: ParallelPosition = parent.at
  let context = parent.context
  let written = parent.written
  for (const index of event.merged) {
    const branch = state.threads[position.branches[index]?.scope ?? ""]
    if (branch === undefined || branch.scope === "" || branch.written === undefined) continue
    context = mergeWritten(context, branch.context, branch.written)
    if (written !== undefined) for (const path of branch.written) written = addWritten(written, path)
  }
  const merged: Thread = { ...parent, context, ...(written === undefined ? {} : { written }) }
  const remaining = position.branches
    .map((branch) => branch.scope)
    .filter((scope) => state.threads[scope] !== undefined)
  return putThread(dropThreads(state, remaining), advance(merged, event.next))
}
