import { Either } from "effect"
import type { HumanStep } from "../../../definition/compile/CompiledDefinition.ts"
import { evaluate } from "../../../expressions/evaluate.ts"
import { renderTemplate } from "../../../expressions/template.ts"
import { canonicalJson } from "../../../json/canonical.ts"
import type { ErrorInfo } from "../../schema/ErrorInfo.ts"
import type { Thread } from "../../state/InstanceState.ts"
import { timerIds } from "../../tokens.ts"
import { failStep } from "../failure.ts"
import type { Session } from "../Session.ts"
import { bindingsFor, emit, expressionFailure } from "../Session.ts"

/**
 * Creates the task of a human step: its title, the assignee the rule names (or none), its due
 * time — a fixed `due`, else `weight` × the SLA of the instance's priority — and the timers of
 * its reminders and its escalation (at `escalate.after`, else when due).
 */
export const enterHuman = (s: Session, thread: Thread, token: string, step: HumanStep): void => {
  const vars = bindingsFor(s, thread, step.uses)
  let title: string | undefined
  if (step.title !== undefined) {
    const rendered = Either.flatMap(step.title, (template) =>
      Either.mapLeft(renderTemplate(template, vars), (error) => error.message)
    )
    if (Either.isLeft(rendered))
      return failAt(s, token, step, expressionFailure(`Step ${step.name}, title`, rendered.left))
    title = typeof rendered.right === "string" ? rendered.right : canonicalJson(rendered.right)
  }
  let assignee: string | undefined
  if (step.assignee !== undefined) {
    const value = Either.flatMap(step.assignee, (expression) =>
      Either.mapLeft(evaluate(expression, vars), (error) => error.message)
    )
    if (Either.isLeft(value))
      return failAt(s, token, step, expressionFailure(`Step ${step.name}, assignee`, value.left))
    if (value.right !== null && typeof value.right !== "string")
      return failAt(
        s,
        token,
        step,
        expressionFailure(
          `Step ${step.name}, assignee`,
          `Expected a person (a string) or null, but got ${JSON.stringify(value.right)}`
        )
      )
    if (value.right !== null) assignee = value.right
  }
  const sla = s.definition.sla[s.state.priority]
  const dueAt =
    step.dueMs !== undefined
      ? s.at + step.dueMs
      : step.weight !== undefined && sla !== undefined
        ? s.at + Math.round(step.weight * sla)
        : undefined
  emit(s, {
    _tag: "TaskCreated",
    taskId: token,
    token,
    step: step.name,
    ...(title === undefined ? {} : { title }),
    role: step.role,
    ...(assignee === undefined ? {} : { assignee }),
    ...(step.form === undefined ? {} : { form: step.form }),
    outcomes: Object.keys(step.outcomes ?? {}).sort(),
    ...(dueAt === undefined ? {} : { dueAt }),
    priority: s.state.priority,
    at: s.at
  })
  step.remindMs.forEach((delay, index) =>
    emit(s, {
      _tag: "TimerScheduled",
      timerId: timerIds.remind(token, index),
      purpose: "remind",
      token,
      dueAt: s.at + delay,
      at: s.at
    })
  )
  const escalateAt =
    step.escalate === undefined
      ? undefined
      : step.escalate.afterMs === undefined
        ? dueAt
        : s.at + step.escalate.afterMs
  if (escalateAt !== undefined)
    emit(s, {
      _tag: "TimerScheduled",
      timerId: timerIds.escalate(token),
      purpose: "escalate",
      token,
      dueAt: escalateAt,
      at: s.at
    })
}

/** The step fails with the workflow's policy (`onExhausted`). */
const failAt = (s: Session, token: string, step: { readonly name: string }, error: ErrorInfo): void =>
  failStep(s, token, step.name, error, s.definition.retry.onExhausted)
