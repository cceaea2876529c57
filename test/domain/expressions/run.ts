import { Either } from "effect"
import { bindings } from "../../../src/domain/expressions/Bindings.ts"
import type { BindingValue } from "../../../src/domain/expressions/Bindings.ts"
import { compileExpression } from "../../../src/domain/expressions/compile.ts"
import { evaluate } from "../../../src/domain/expressions/evaluate.ts"
import type { ExpressionError } from "../../../src/domain/expressions/ExpressionError.ts"
import type { Json } from "../../../src/domain/json/Json.ts"

/** Compiles (which must succeed) and evaluates `source` with the given bindings. */
export const run = (
  source: string,
  variables: Readonly<Record<string, BindingValue>> = {}
): Either.Either<Json, ExpressionError> => {
  const compiled = compileExpression(source)
  if (Either.isLeft(compiled)) throw new Error(`${source.slice(0, 80)}: ${compiled.left.message}`)
  return evaluate(compiled.right, bindings(variables))
}

/** The value of a successful evaluation; a failure fails the test with its message. */
export const value = (source: string, variables: Readonly<Record<string, BindingValue>> = {}): Json =>
  Either.getOrElse(run(source, variables), (error) => {
    throw new Error(`${source.slice(0, 80)}: ${error.kind}: ${error.message}`)
  })

/** The error of a failing evaluation. */
export const failure = (
  source: string,
  variables: Readonly<Record<string, BindingValue>> = {}
): ExpressionError =>
  Either.match(run(source, variables), {
    onLeft: (error) => error,
    onRight: (result) => {
      throw new Error(
        `${source.slice(0, 80)}: expected an error, got ${JSON.stringify(result)?.slice(0, 80)}`
      )
    }
  })
