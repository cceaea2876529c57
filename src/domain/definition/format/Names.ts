import { Schema } from "effect"
import { reservedKeys } from "../../json/jsonbSafety.ts"

const notReserved = (what: string) => (text: string) =>
  reservedKeys.has(text) ? `Expected ${what}, but "${text}" is reserved` : undefined

/**
 * A step name. Token paths join names with `#`, `/` and digits (`fork#1/b0/charge#2`), so a
 * name holds none of those separators.
 */
export const StepName = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, {
    message: (issue) =>
      `Expected a step name (a letter or _, then letters, digits, _ or -, at most 64), but got ${JSON.stringify(issue.actual)}`
  }),
  Schema.filter(notReserved("a step name"))
).annotations({ identifier: "StepName" })

/** A workflow's name; it is part of the definition's stream id `<tenant>/d/<name>`. */
export const WorkflowName = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, {
    message: (issue) =>
      `Expected a workflow name (letters, digits, ., _ or -, at most 128), but got ${JSON.stringify(issue.actual)}`
  }),
  Schema.filter(notReserved("a workflow name"))
).annotations({ identifier: "WorkflowName" })

/** A name chosen by the author: action, queue, signal, event type, role, outcome, error type. */
export const Label = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}$/, {
    message: (issue) =>
      `Expected a name (letters, digits, _, ., : or -, at most 128), but got ${JSON.stringify(issue.actual)}`
  }),
  Schema.filter(notReserved("a name"))
).annotations({ identifier: "Label" })

/** Where a value goes in the context: `payment` or `order.payment` (never a reserved key). */
export const ContextPath = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,15}$/, {
    message: (issue) =>
      `Expected a context path such as payment or order.payment, but got ${JSON.stringify(issue.actual)}`
  }),
  Schema.filter((path) =>
    path.split(".").some((segment) => reservedKeys.has(segment))
      ? `Expected a context path of ordinary keys, but "${path}" holds a reserved key`
      : undefined
  )
).annotations({ identifier: "ContextPath" })

/** A CEL expression (checked by validation, which reports its position on errors). */
export const Expression = Schema.String.pipe(
  Schema.minLength(1, { message: () => "Expected a CEL expression, but got an empty string" })
).annotations({ identifier: "Expression" })

/** A string that may hold `${…}` templates. */
export const Template = Schema.String.annotations({ identifier: "Template" })
