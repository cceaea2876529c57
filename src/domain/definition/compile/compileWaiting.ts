import type { Step } from "../format/Step.ts"
import { compileJsonSchema } from "../jsonSchema/validateJson.ts"
import { expr, ms, optionalMs, tmpl } from "./compileCode.ts"
import { defined, type StepCode } from "./stepParts.ts"

type Base = { readonly name: string; readonly graph: string }

/** A wait step: its one mode (signal, event with its key, a sleep `for` or `until`) and timeout. */
export const compileWait = (base: Base, step: Extract<Step, { type: "wait" }>): StepCode => {
  return {
    ...base,
    kind: "wait",
    mode:
      step.signal !== undefined
        ? { kind: "signal", name: step.signal }
        : step.event !== undefined
          ? {
              kind: "event",
              type: step.event,
              ...defined({ correlate: step.correlate === undefined ? undefined : expr(step.correlate) })
            }
          : step.for !== undefined
            ? { kind: "for", ms: ms(step.for) }
            : { kind: "until", until: tmpl(step.until ?? "") },
    ...defined({
      timeoutMs: optionalMs(step.timeout),
      onTimeout: step.onTimeout,
      into: step.into,
      next: step.next
    })
  }
}

/** A human step: its title, assignee rule, form (patterns under RE2), due time, reminders, escalation. */
export const compileHuman = (base: Base, step: Extract<Step, { type: "human" }>): StepCode => {
  return {
    ...base,
    kind: "human",
    role: step.role,
    remindMs: (step.remind ?? []).map(ms),
    ...defined({
      title: step.title === undefined ? undefined : tmpl(step.title),
      assignee: step.assignee === undefined ? undefined : expr(step.assignee),
      form: step.form,
      formSchema: step.form === undefined ? undefined : compileJsonSchema(step.form),
      dueMs: optionalMs(step.due),
      weight: step.weight,
      escalate:
        step.escalate === undefined
          ? undefined
          : { to: step.escalate.to, ...defined({ afterMs: optionalMs(step.escalate.after) }) },
      outcomes: step.outcomes,
      into: step.into,
      next: step.next
    })
  }
}
