import type { ParallelStep } from "../../../definition/compile/CompiledDefinition.ts"
import type { ErrorInfo, OnExhausted } from "../../schema/ErrorInfo.ts"
import type { BranchState, Thread } from "../../state/InstanceState.ts"
import { threadOf } from "../../state/threads.ts"
import { branchScope, tokenIn } from "../../tokens.ts"
import { cancelThread } from "../cancel.ts"
import { failStep } from "../failure.ts"
import type { Session } from "../Session.ts"
import { emit, nextToken } from "../Session.ts"

/** Forks: every branch starts on a copy of the context as it is now. */
export const enterParallel = (s: Session, _thread: Thread, token: string, step: ParallelStep): void => {
  emit(s, {
    _tag: "ParallelStarted",
    token,
    step: step.name,
    join: step.join,
    branches: step.branches.map((branch, index) => {
      const scope = branchScope(token, index)
      return { scope, start: tokenIn(scope, branch.start, 1) }
    }),
    at: s.at
  })
}

/**
 * Applies the join rule after a branch ended. Satisfied (`all`: every branch completed, `any`:
 * one, `n`: n) — the running branches are cancelled and the completed ones merge in declaration
 * order. Unsatisfiable (fewer than needed can still complete) — the running branches are
 * cancelled and the parallel step fails: with the branch's own error under `all`, `JoinFailed`
 * otherwise. Otherwise it keeps waiting. Each outcome happens once: the join then moves on.
 */
export const evaluateJoin = (s: Session, token: string): void => {
  const parent = threadOf(s.state, token)
  if (parent === undefined || parent.at.kind !== "parallel" || parent.at.token !== token) return
  const { branches, join, step } = parent.at
  const need = join === "all" ? branches.length : join === "any" ? 1 : Math.min(join, branches.length)
  // Counted in one loop: a join is evaluated each time a branch ends.
  let completed = 0
  let running = 0
  for (const branch of branches)
    if (branch.status === "completed") completed++
    else if (branch.status === "running") running++
  if (completed < need && completed + running >= need) return
  for (let index = 0; index < branches.length; index++) {
    const branch = branches[index] as BranchState
    if (branch.status !== "running") continue
    cancelThread(s, branch.scope)
    emit(s, { _tag: "BranchCancelled", token, branch: index, at: s.at })
  }
  if (completed >= need) {
    const merged: Array<number> = []
    for (let index = 0; index < branches.length; index++)
      if ((branches[index] as BranchState).status === "completed") merged.push(index)
    const next = nextToken(parent, stepNext(s, parent, step))
    emit(
      s,
      next === undefined
        ? { _tag: "ParallelJoined", token, step, merged, at: s.at }
        : { _tag: "ParallelJoined", token, step, merged, next, at: s.at }
    )
    return
  }
  const failed = branches.flatMap((branch, index) =>
    branch.status === "failed" && branch.error !== undefined
      ? [{ index, error: branch.error, mode: branch.onExhausted }]
      : []
  )
  const first = failed[0]
  const [error, mode]: readonly [ErrorInfo, OnExhausted] =
    join === "all" && first !== undefined
      ? [first.error, first.mode ?? s.definition.retry.onExhausted]
      : [
          {
            type: "JoinFailed",
            message: `Expected ${need} of ${branches.length} branches of ${step} to complete, but ${failed.length} failed`,
            details: failed.map(({ index, error }) => ({
              branch: index,
              error: { message: error.message, type: error.type }
            }))
          },
          failed.some(({ mode }) => mode === "incident") ? "incident" : s.definition.retry.onExhausted
        ]
  failStep(s, token, step, error, mode)
}

const stepNext = (s: Session, parent: Thread, name: string): string | undefined => {
  const step = s.definition.graphs.get(parent.graph)?.steps.get(name)
  return step?.kind === "parallel" ? step.next : undefined
}
