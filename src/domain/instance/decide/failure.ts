import { Either } from "effect"
import type { CompiledCatch, CompiledStep } from "../../definition/compile/CompiledDefinition.ts"
import { evaluateBoolean } from "../../expressions/evaluate.ts"
import type { ErrorInfo, OnExhausted } from "../schema/ErrorInfo.ts"
import type { Position, Thread } from "../state/InstanceState.ts"
import { ownerOf } from "./cancel.ts"
import { failInstance } from "./ending.ts"
import { evaluateJoin } from "./steps/parallel.ts"
import { itemFailed } from "./steps/map.ts"
import type { Session } from "./Session.ts"
import { bindingsFor, emit, nextToken, stepAt } from "./Session.ts"

/** A step fails for good; the decider resolves it next (see `resolveFailure`). */
export const failStep = (
  s: Session,
  token: string,
  step: string,
  error: ErrorInfo,
  onExhausted: OnExhausted
): void => {
  emit(s, { _tag: "StepFailed", token, step, error, onExhausted, at: s.at })
}

const catchesOf = (step: CompiledStep | undefined): ReadonlyArray<CompiledCatch> =>
  step !== undefined &&
  (step.kind === "action" || step.kind === "parallel" || step.kind === "map" || step.kind === "subflow")
    ? step.catch
    : []

/**
 * Where a failed step's error goes, in DESIGN §2.1's order: the step's first matching `catch`;
 * inside a branch or item, the branch/item fails and its parallel or map applies its join rule;
 * at the root the workflow's `onError` (once per instance), then `onExhausted: incident`, else
 * the compensations and `InstanceFailed`. A `catch.when` that cannot be evaluated does not match.
 */
export const resolveFailure = (
  s: Session,
  thread: Thread,
  failed: Extract<Position, { kind: "failed" }>
): void => {
  const step = stepAt(s, thread.graph, failed.step)
  const vars = step === undefined ? undefined : bindingsFor(s, thread, step.uses, { error: failed.error })
  const index = catchesOf(step).findIndex(
    (c) =>
      (c.errors === undefined || c.errors.has(failed.error.type)) &&
      (c.when === undefined ||
        (vars !== undefined &&
          Either.isRight(c.when) &&
          Either.getOrElse(evaluateBoolean(c.when.right, vars), () => false)))
  )
  const caught = catchesOf(step)[index]
  if (caught !== undefined) {
    emit(s, {
      _tag: "ErrorCaught",
      token: failed.token,
      step: failed.step,
      error: failed.error,
      by: "catch",
      catchIndex: index,
      ...(caught.into === undefined ? {} : { into: caught.into }),
      next: nextToken(thread, caught.next) as string,
      at: s.at
    })
    return
  }
  const owner = ownerOf(s.state, thread.scope)
  if (owner !== undefined) {
    if (owner.kind === "branch") {
      emit(s, {
        _tag: "BranchFailed",
        token: owner.token,
        branch: owner.index,
        error: failed.error,
        onExhausted: failed.onExhausted,
        at: s.at
      })
      evaluateJoin(s, owner.token)
    } else itemFailed(s, owner.token, owner.index, failed.error, failed.onExhausted)
    return
  }
  const onError = s.definition.onError
  if (onError !== undefined && !s.state.onErrorTaken) {
    emit(s, {
      _tag: "ErrorCaught",
      token: failed.token,
      step: failed.step,
      error: failed.error,
      by: "onError",
      next: nextToken(thread, onError) as string,
      at: s.at
    })
    return
  }
  if (failed.onExhausted === "incident") {
    emit(s, {
      _tag: "IncidentRaised",
      token: failed.token,
      step: failed.step,
      error: failed.error,
      compensation: false,
      at: s.at
    })
    return
  }
  failInstance(s, failed.error)
}
