/**
 * What definitions cost at run time: `npm run bench -- definitions`. Each measurement prints one
 * line; add one by writing a function below and listing it in `measurements`.
 *
 * - `cel`: evaluations per second of typical workflow conditions (bench/cel/conditions.ts),
 *   compiled once; every evaluation builds its bindings from JSON, as a decision does.
 */
import { Either } from "effect"
import { bindings } from "../../src/domain/expressions/Bindings.ts"
import type { BindingValue } from "../../src/domain/expressions/Bindings.ts"
import { compileExpression } from "../../src/domain/expressions/compile.ts"
import { evaluate } from "../../src/domain/expressions/evaluate.ts"
import type { Json } from "../../src/domain/json/Json.ts"
import { conditions } from "../cel/conditions.ts"
import { measureRate, report } from "../report.ts"

const cel = (): void => {
  const programs = conditions.map((condition) => {
    const compiled = compileExpression(condition.expr)
    if (Either.isLeft(compiled)) throw new Error(`${condition.expr}: ${compiled.left.message}`)
    const variables: Record<string, BindingValue> = {}
    for (const [name, json] of Object.entries(condition.bindings)) variables[name] = { json: json as Json }
    return [compiled.right, variables] as const
  })
  const evaluateAll = (): number => {
    for (const [expression, variables] of programs) {
      if (Either.isLeft(evaluate(expression, bindings(variables))))
        throw new Error(`${expression.source} failed`)
    }
    return programs.length
  }
  measureRate(evaluateAll, 300) // warm-up
  report("cel", measureRate(evaluateAll, 3000), "evaluations/s")
}

const measurements: ReadonlyArray<() => void> = [cel]

export default async (): Promise<void> => {
  for (const measure of measurements) measure()
}
