import { isCelError } from "@bufbuild/cel"
import type { CelError } from "@bufbuild/cel"
import { Either } from "effect"
import type { Json } from "../json/Json.ts"
import { activationOf, variablesOf } from "./Bindings.ts"
import type { Bindings } from "./Bindings.ts"
import { celToJson } from "./celToJson.ts"
import { programOf } from "./compile.ts"
import type { CompiledExpression } from "./compile.ts"
import { RegexRefused } from "./stringFunctions.ts"
import { expressionError } from "./ExpressionError.ts"
import type { ExpressionError, ExpressionErrorKind } from "./ExpressionError.ts"
import { evaluateFast } from "./fast/evaluateFast.ts"
import { metered } from "./meter.ts"

/**
 * Evaluates within the cost bound (see limits.ts). The result is plain JSON (see celToJson.ts).
 * Once the budget is exceeded the evaluation fails, even where CEL's `||`/`&&` would otherwise
 * absorb the error: whether an expression fits its budget never depends on short-circuiting.
 * Expressions in the fast path's subset are tried there first (docs/expressions.md, "The fast
 * path"); where it is unsure, the library evaluates.
 */
export const evaluate = (
  expression: CompiledExpression,
  bindings: Bindings
): Either.Either<Json, ExpressionError> => {
  const program = programOf(expression)
  if (program.fast !== undefined) {
    const fast = evaluateFast(program.fast, variablesOf(bindings))
    if (fast !== undefined) return Either.right(fast)
  }
  return evaluateWithLibrary(expression, bindings)
}

/** Evaluates with @bufbuild/cel alone (the reference the fast path is tested against). */
export const evaluateWithLibrary = (
  expression: CompiledExpression,
  bindings: Bindings
): Either.Either<Json, ExpressionError> => {
  const program = programOf(expression)
  const { result, overrun } = metered(() => program.run(activationOf(bindings)))
  if (overrun !== undefined)
    return Either.left(expressionError(overrun.kind, overrun.message, expression.source))
  if (isCelError(result)) {
    const [kind, message] = explain(result, expression.source, program.offsetOf(result.exprId))
    return Either.left(expressionError(kind, message, expression.source, program.offsetOf(result.exprId)))
  }
  return Either.mapLeft(celToJson(result), (message) => expressionError("type", message, expression.source))
}

/** Evaluates a condition: anything but a boolean is an error. */
export const evaluateBoolean = (
  expression: CompiledExpression,
  bindings: Bindings
): Either.Either<boolean, ExpressionError> =>
  Either.flatMap(evaluate(expression, bindings), (value) =>
    typeof value === "boolean"
      ? Either.right(value)
      : Either.left(
          expressionError("type", `Expected a boolean, but got ${describeJson(value)}`, expression.source)
        )
  )

const describeJson = (value: Json): string => {
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

const operators: Record<string, string> = {
  "_+_": "+",
  "_-_": "-",
  "_*_": "*",
  "_/_": "/",
  "_%_": "%",
  "_==_": "==",
  "_!=_": "!=",
  "_<_": "<",
  "_<=_": "<=",
  "_>_": ">",
  "_>=_": ">=",
  "@in": "in",
  "!_": "!",
  "-_": "unary -"
}

/** The library's error, as a kind and a message in Foldflow's "Expected …, but …" form. */
const explain = (
  error: CelError,
  source: string,
  offset: number | undefined
): readonly [ExpressionErrorKind, string] => {
  const regex = findCause(error, RegexRefused)
  if (regex !== undefined) return ["regex", regex.message]
  const text = error.message
  let match: RegExpExecArray | null
  if ((match = /^found no matching overload for '?([^']+?)'? applied to '(.*)'$/.exec(text)) !== null)
    return [
      "type",
      `Expected arguments that ${operators[match[1] as string] ?? match[1]} accepts, but got ${match[2]}`
    ]
  if ((match = /^field not found: (.*)$/.exec(text)) !== null)
    return ["evaluation", `Expected key "${match[1]}", but there is no such key (has() tests for one)`]
  if (/^unresolved attribute$|^undeclared reference/.test(text))
    return ["evaluation", `Expected "${identifierAt(source, offset)}" to be bound here, but it is not`]
  if ((match = /^(u?int) overflow during (.*)$/.exec(text)) !== null)
    return ["evaluation", `Expected an ${match[1]} within 64 bits, but ${match[2]} overflowed`]
  if (/(divide|modulus) by zero$/.test(text))
    return ["evaluation", "Expected a non-zero divisor, but got zero"]
  if ((match = /^type mismatch: expected (\w+), got (.*)$/.exec(text)) !== null)
    return ["type", `Expected a ${match[1]}, but got ${match[2]}`]
  if ((match = /^index (.*) out of bounds \[0, (.*)\)$/.exec(text)) !== null)
    return [
      "evaluation",
      match[2] === "-1" // the library's way of saying the container has no such key
        ? `Expected key ${match[1]}, but there is no such key (has() or 'in' tests for one)`
        : `Expected an index from 0 to below ${match[2]}, but got ${match[1]}`
    ]
  if (/Maximum call stack size exceeded/.test(text))
    return ["limit", "Expected an evaluation within the stack's reach, but it nests too deeply"]
  if (text.startsWith("Expected ")) return ["evaluation", text]
  return ["evaluation", `Expected the expression to evaluate, but ${text}`]
}

const findCause = <E extends Error>(
  error: unknown,
  type: new (...args: Array<never>) => E,
  depth = 0
): E | undefined => {
  if (error instanceof type) return error
  if (depth > 8 || typeof error !== "object" || error === null) return undefined
  const cause = (error as { cause?: unknown }).cause
  if (Array.isArray(cause)) {
    for (const item of cause) {
      const found = findCause(item, type, depth + 1)
      if (found !== undefined) return found
    }
    return undefined
  }
  return findCause(cause, type, depth + 1)
}

const identifierAt = (source: string, offset: number | undefined): string =>
  offset === undefined
    ? "a variable"
    : (/^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(offset))?.[0] ?? "a variable")
