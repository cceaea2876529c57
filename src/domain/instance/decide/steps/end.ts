import { Either } from "effect"
import type { FailStep, SucceedStep } from "../../../definition/compile/CompiledDefinition.ts"
import type { Bindings } from "../../../expressions/Bindings.ts"
import { renderTemplate } from "../../../expressions/template.ts"
import { canonicalJson } from "../../../json/canonical.ts"
import type { Json } from "../../../json/Json.ts"
import type { ErrorInfo } from "../../schema/ErrorInfo.ts"
import { writtenObject } from "../../state/context.ts"
import type { Thread } from "../../state/InstanceState.ts"
import { ownerOf } from "../cancel.ts"
import { failInstance, finish } from "../ending.ts"
import { failStep } from "../failure.ts"
import type { Session } from "../Session.ts"
import { bindingsFor, emit, storable } from "../Session.ts"
import { itemCompleted, itemFailed } from "./map.ts"
import { evaluateJoin } from "./parallel.ts"

/**
 * A path ends successfully — at a `succeed` step (with its output, if any) or at a step with
 * no `next`. The root completes the instance (output: the succeed output, else the context); a
 * branch reports to its join; an item reports its result (the succeed output, else the object
 * of the context paths it wrote).
 */
export const endPath = (s: Session, thread: Thread, output: Json | undefined): void => {
  const owner = ownerOf(s.state, thread.scope)
  if (owner === undefined) {
    finish(s, { kind: "completed", output: output ?? thread.context })
    return
  }
  if (owner.kind === "branch") {
    emit(s, { _tag: "BranchCompleted", token: owner.token, branch: owner.index, at: s.at })
    evaluateJoin(s, owner.token)
    return
  }
  itemCompleted(s, owner.token, owner.index, output ?? writtenObject(thread.context, thread.written ?? []))
}

/** A path fails on purpose at a `fail` step: the instance (no `onError`, no incident), or its branch or item. */
export const failPath = (s: Session, thread: Thread, error: ErrorInfo): void => {
  const owner = ownerOf(s.state, thread.scope)
  const mode = s.definition.retry.onExhausted
  if (owner === undefined) failInstance(s, error)
  else if (owner.kind === "branch") {
    emit(s, {
      _tag: "BranchFailed",
      token: owner.token,
      branch: owner.index,
      error,
      onExhausted: mode,
      at: s.at
    })
    evaluateJoin(s, owner.token)
  } else itemFailed(s, owner.token, owner.index, error, mode)
}

export const enterSucceed = (s: Session, thread: Thread, token: string, step: SucceedStep): void => {
  if (step.output === undefined) return endPath(s, thread, undefined)
  const output = storable(
    `Step ${step.name}, output`,
    Either.flatMap(step.output, (template) =>
      Either.mapLeft(renderTemplate(template, bindingsFor(s, thread, step.uses)), (e) => e.message)
    )
  )
  if (Either.isLeft(output)) return failStep(s, token, step.name, output.left, s.definition.retry.onExhausted)
  endPath(s, thread, output.right)
}

export const enterFail = (s: Session, thread: Thread, token: string, step: FailStep): void => {
  const vars = bindingsFor(s, thread, step.uses)
  const message = renderPart(`Step ${step.name}, message`, step.error.message, vars)
  const details = renderPart(`Step ${step.name}, details`, step.error.details, vars)
  if (Either.isLeft(message))
    return failStep(s, token, step.name, message.left, s.definition.retry.onExhausted)
  if (Either.isLeft(details))
    return failStep(s, token, step.name, details.left, s.definition.retry.onExhausted)
  const text = message.right
  failPath(s, thread, {
    type: step.error.type,
    message:
      text === undefined
        ? `${step.error.type} at step ${step.name}`
        : typeof text === "string"
          ? text
          : canonicalJson(text),
    ...(details.right === undefined ? {} : { details: details.right })
  })
}

const renderPart = (what: string, template: FailStep["error"]["message"], vars: Bindings) =>
  template === undefined
    ? Either.right(undefined)
    : storable(
        what,
        Either.flatMap(template, (t) => Either.mapLeft(renderTemplate(t, vars), (e) => e.message))
      )
