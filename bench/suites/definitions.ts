/**
 * What definitions cost at run time: `npm run bench -- definitions`. Each measurement prints one
 * line; add one by writing a function below and listing it in `measurements`.
 *
 * - `cel`: evaluations per second of typical workflow conditions (bench/cel/conditions.ts),
 *   compiled once; every evaluation builds its bindings from JSON, as a decision does.
 * - `validate`: definitions per second fully validated (decode, graph rules, CEL, schemas,
 *   triggers) from parsed JSON, over the examples/ definitions in turn; `validate-yaml` the
 *   same from YAML text with positions; `validate-10000-steps` milliseconds for one graph of
 *   10,000 steps (from JSON, and `-yaml` from YAML text).
 */
import { Either } from "effect"
import { bindings } from "../../src/domain/expressions/Bindings.ts"
import type { BindingValue } from "../../src/domain/expressions/Bindings.ts"
import { compileExpression } from "../../src/domain/expressions/compile.ts"
import { evaluate } from "../../src/domain/expressions/evaluate.ts"
import type { Json } from "../../src/domain/json/Json.ts"
import { conditions } from "../cel/conditions.ts"
import { measureRate, report } from "../report.ts"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { parseSource } from "../../src/domain/definition/source/parseSource.ts"
import {
  validateDefinition,
  validateSource
} from "../../src/domain/definition/validate/validateDefinition.ts"
import { cronerScheduleChecks } from "../../src/infra/schedule/cronerScheduleChecks.ts"

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

const environment = { schedules: cronerScheduleChecks }

const validate = (): void => {
  const dir = join(import.meta.dirname, "../../examples")
  const texts = readdirSync(dir)
    .filter((file) => file.endsWith(".yaml"))
    .map((file) => readFileSync(join(dir, file), "utf8"))
  const values = texts.map((text) => Either.getOrThrow(parseSource(text, "yaml")).value)
  const check = (ok: boolean) => {
    if (!ok) throw new Error("an example did not validate")
  }
  const fromJson = (): number => {
    for (const value of values) check(Either.isRight(validateDefinition(value, environment)))
    return values.length
  }
  const fromYaml = (): number => {
    for (const text of texts) check(Either.isRight(validateSource(text, "yaml", environment)))
    return texts.length
  }
  measureRate(fromJson, 500) // warm-up
  report("validate", measureRate(fromJson, 3000), "definitions/s")
  report("validate-yaml", measureRate(fromYaml, 3000), "definitions/s")

  const steps = 10_000
  const big = {
    name: "big",
    start: "s0",
    steps: Object.fromEntries([
      ...Array.from({ length: steps }, (_, i) => [
        `s${i}`,
        i % 10 === 5
          ? {
              type: "choice",
              choices: [{ when: "context.n > 1.0", next: `s${i + 1}` }],
              otherwise: `s${i + 1}`
            }
          : {
              type: "action",
              action: "noop",
              with: { id: "${input.id}" },
              next: i + 1 < steps ? `s${i + 1}` : "end"
            }
      ]),
      ["end", { type: "succeed" }]
    ])
  }
  const bigYaml = JSON.stringify(big, null, 1)
  const time = (body: () => boolean): number => {
    body() // warm-up
    const runs = 3
    const started = process.hrtime.bigint()
    for (let i = 0; i < runs; i++) check(body())
    return Number(process.hrtime.bigint() - started) / 1e6 / runs
  }
  report(
    "validate-10000-steps",
    time(() => Either.isRight(validateDefinition(big, environment))),
    "ms"
  )
  report(
    "validate-10000-steps-yaml",
    time(() => Either.isRight(validateSource(bigYaml, "yaml", environment))),
    "ms"
  )
}

const measurements: ReadonlyArray<() => void> = [cel, validate]

export default async (): Promise<void> => {
  for (const measure of measurements) measure()
}
