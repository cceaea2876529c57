import { Either } from "effect"
import type { MapStep } from "../../../definition/compile/CompiledDefinition.ts"
import { evaluate } from "../../../expressions/evaluate.ts"
import type { Json } from "../../../json/Json.ts"
import type { ErrorInfo, OnExhausted } from "../../schema/ErrorInfo.ts"
import type { Thread } from "../../state/InstanceState.ts"
import { threadOf } from "../../state/threads.ts"
import { itemScope, tokenIn } from "../../tokens.ts"
import { cancelThread } from "../cancel.ts"
import { failForBudget } from "../ending.ts"
import { failStep } from "../failure.ts"
import type { Session } from "../Session.ts"
import { bindingsFor, emit, expressionFailure, nextToken, storable } from "../Session.ts"

/** Evaluates the items (recorded in `MapStarted`) and starts the first `concurrency` of them. */
export const enterMap = (s: Session, thread: Thread, token: string, step: MapStep): void => {
  const value = storable(
    `Step ${step.name}, items`,
    Either.flatMap(step.items, (expression) =>
      Either.mapLeft(evaluate(expression, bindingsFor(s, thread, step.uses)), (e) => e.message)
    )
  )
  if (Either.isLeft(value)) return failAt(s, token, step, value.left)
  const items = value.right
  if (!Array.isArray(items))
    return failAt(
      s,
      token,
      step,
      expressionFailure(`Step ${step.name}, items`, `Expected a list, but got ${JSON.stringify(items)}`)
    )
  const list = items as ReadonlyArray<Json>
  const limit = s.definition.limits.maxMapItems
  if (list.length > limit)
    return failForBudget(
      s,
      `Expected at most ${limit} map items (limits.maxMapItems), but ${step.name} has ${list.length}`
    )
  emit(s, {
    _tag: "MapStarted",
    token,
    step: step.name,
    items: list,
    concurrency: Math.max(1, step.concurrency ?? list.length),
    ...(step.output === undefined ? {} : { output: step.output }),
    at: s.at
  })
  continueMap(s, token)
}

/** Starts items while fewer than `concurrency` run; when all completed, the results go to `output`. */
export const continueMap = (s: Session, token: string): void => {
  for (;;) {
    const parent = threadOf(s.state, token)
    if (parent === undefined || parent.at.kind !== "map" || parent.at.token !== token) return
    const map = parent.at
    if (map.completed === map.items.length) {
      const step = s.definition.graphs.get(parent.graph)?.steps.get(map.step)
      const next = nextToken(parent, step?.kind === "map" ? step.next : undefined)
      emit(s, {
        _tag: "MapCompleted",
        token,
        step: map.step,
        ...(map.output === undefined ? {} : { output: map.output }),
        ...(next === undefined ? {} : { next }),
        at: s.at
      })
      return
    }
    if (map.running.length >= map.concurrency || map.started >= map.items.length) return
    const step = s.definition.graphs.get(parent.graph)?.steps.get(map.step)
    if (step?.kind !== "map") return
    const index = map.started
    emit(s, {
      _tag: "MapItemStarted",
      token,
      index,
      start: tokenIn(itemScope(token, index), step.do.start, 1),
      at: s.at
    })
  }
}

export const itemCompleted = (s: Session, token: string, index: number, result: Json): void => {
  emit(s, { _tag: "MapItemCompleted", token, index, result, at: s.at })
  continueMap(s, token)
}

/** An item failed: the other running items are cancelled and the map step fails with its error. */
export const itemFailed = (
  s: Session,
  token: string,
  index: number,
  error: ErrorInfo,
  mode: OnExhausted
): void => {
  emit(s, { _tag: "MapItemFailed", token, index, error, onExhausted: mode, at: s.at })
  const parent = threadOf(s.state, token)
  if (parent === undefined || parent.at.kind !== "map") return
  for (const other of parent.at.running) {
    cancelThread(s, itemScope(token, other))
    emit(s, { _tag: "MapItemCancelled", token, index: other, at: s.at })
  }
  failStep(s, token, parent.at.step, error, mode)
}

/** The step fails with the workflow's policy (`onExhausted`). */
const failAt = (s: Session, token: string, step: { readonly name: string }, error: ErrorInfo): void =>
  failStep(s, token, step.name, error, s.definition.retry.onExhausted)
