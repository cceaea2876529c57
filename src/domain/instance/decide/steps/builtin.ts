import { Either } from "effect"
import type { Mutable } from "effect/Types"
import type { ActionStep } from "../../../definition/compile/CompiledDefinition.ts"
import type { Bindings } from "../../../expressions/Bindings.ts"
import { isJsonObject } from "../../../json/Json.ts"
import type { JsonObject } from "../../../json/Json.ts"
import type { EventOf } from "../../events/InstanceEvent.ts"
import type { ErrorInfo } from "../../schema/ErrorInfo.ts"
import type { Session } from "../Session.ts"
import { emit, expressionFailure } from "../Session.ts"
import { renderWith } from "./action.ts"

const contextPath = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,15}$/
const reservedSegment = /(^|\.)(__proto__|constructor|prototype)(\.|$)/

/**
 * `set`, `log` and `noop`: pure built-ins that run inside the decision. `set` renders its
 * `with` (context paths to templated values) and records the values; `log` records its rendered
 * `with` so audits see it; `noop` records that it passed.
 */
export const runBuiltin = (
  s: Session,
  step: ActionStep,
  token: string,
  vars: Bindings,
  next: string | undefined,
  compensate: string | undefined,
  fail: (error: ErrorInfo) => void
): void => {
  if (step.builtin === "noop") {
    emit(s, ended({ _tag: "StepPassed", token, step: step.name, at: s.at }, compensate, next))
    return
  }
  const rendered = renderWith(step, vars)
  if (Either.isLeft(rendered)) return fail(rendered.left)
  if (step.builtin === "log") {
    emit(
      s,
      ended(
        { _tag: "LogRecorded", token, step: step.name, entry: rendered.right, at: s.at },
        compensate,
        next
      )
    )
    return
  }
  const values = rendered.right
  if (!isJsonObject(values))
    return fail(
      expressionFailure(
        `Step ${step.name}`,
        "Expected `with` of a set action to be an object of context paths"
      )
    )
  for (const path in values)
    if (!contextPath.test(path) || reservedSegment.test(path))
      return fail(
        expressionFailure(
          `Step ${step.name}`,
          `Expected context paths such as order.total as keys of set, but got ${JSON.stringify(path)}`
        )
      )
  emit(
    s,
    ended(
      { _tag: "ContextSet", token, step: step.name, values: values as JsonObject, at: s.at },
      compensate,
      next
    )
  )
}

type Passed = Mutable<EventOf<"StepPassed" | "LogRecorded" | "ContextSet">>

/** The event with its optional `compensate` and `next` (set one by one: cheaper than spreads). */
const ended = <E extends Passed>(event: E, compensate: string | undefined, next: string | undefined): E => {
  if (compensate !== undefined) event.compensate = compensate
  if (next !== undefined) event.next = next
  return event
}
