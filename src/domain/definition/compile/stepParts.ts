import { Either } from "effect"
import type { Catch } from "../format/Step.ts"
import type { CompiledCatch, CompiledStep, Uses } from "./CompiledDefinition.ts"
import { expr } from "./compileCode.ts"

export const builtins = new Set(["set", "log", "noop"])

export const catchers = (list: ReadonlyArray<Catch> | undefined): ReadonlyArray<CompiledCatch> =>
  (list ?? []).map((c) => ({
    ...(c.errors === undefined ? {} : { errors: new Set(c.errors) }),
    ...(c.when === undefined ? {} : { when: expr(c.when) }),
    ...(c.into === undefined ? {} : { into: c.into }),
    next: c.next
  }))

/** Drops absent optional fields, so compiled steps never hold `undefined` (exactOptionalPropertyTypes). */
export const defined = <A extends object>(fields: A): { [K in keyof A]: Exclude<A[K], undefined> } =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as never

/** A compiled step before its variables are known. */
export type StepCode = CompiledStep extends infer S
  ? S extends CompiledStep
    ? Omit<S, "uses">
    : never
  : never

/** Every variable the compiled code of a step reads (CEL in conditions, templates, catches). */
export const usesOf = (step: StepCode): Uses => {
  const names = new Set<string>()
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6 || value === null || typeof value !== "object") return
    if (Either.isEither(value)) {
      if (Either.isRight(value))
        for (const name of (value.right as { variables: ReadonlySet<string> }).variables) names.add(name)
      return
    }
    for (const inner of Array.isArray(value) ? value : Object.values(value)) visit(inner, depth + 1)
  }
  for (const [key, value] of Object.entries(step)) if (key !== "formSchema" && key !== "form") visit(value, 0)
  return { names, key: [...names].sort().join(",") }
}
