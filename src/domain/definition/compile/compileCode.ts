import { Either } from "effect"
import { compileExpression } from "../../expressions/compile.ts"
import { formatExpressionError } from "../../expressions/ExpressionError.ts"
import { compileTemplate } from "../../expressions/template.ts"
import type { Json } from "../../json/Json.ts"
import { formatProblem } from "../../Problem.ts"
import { parseDuration } from "../format/Duration.ts"
import type { Expr, Tmpl } from "./CompiledDefinition.ts"

/** Compiles a CEL expression, keeping a failure as its message. */
export const expr = (source: string): Expr =>
  Either.mapLeft(compileExpression(source), (error) => formatExpressionError(error))

/** Compiles a templated JSON value, keeping a failure as its messages. */
export const tmpl = (value: Json): Tmpl =>
  Either.mapLeft(compileTemplate(value), (problems) => problems.map(formatProblem).join("; "))

/** Milliseconds of a duration text; definitions hold only valid ones. */
export const ms = (text: string): number => parseDuration(text) ?? 0

export const optionalMs = (text: string | undefined): number | undefined =>
  text === undefined ? undefined : ms(text)
