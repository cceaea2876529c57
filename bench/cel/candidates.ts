/**
 * The two CEL libraries under comparison, each configured as close to the CEL specification as
 * its options allow, behind one adapter shape (conformance.ts `Candidate`) plus a compile-once
 * evaluator for the speed comparison.
 */
import { celEnv, isCelError, parse, plan } from "@bufbuild/cel"
import { strings } from "@bufbuild/cel/ext"
import { Environment } from "@marcbachmann/cel-js"
import { bufInput, bufOutput } from "../../test/fixtures/cel/bufbuildValues.ts"
import type { Candidate, Expected, Neutral } from "../../test/fixtures/cel/conformance.ts"

/** Compiles once; the returned function evaluates with plain bindings and throws on any error. */
export type Compiler = (expr: string) => (bindings: Record<string, unknown>) => unknown

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64")
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64"))

// --- @marcbachmann/cel-js ---------------------------------------------------------------------

// Heterogeneous literals are legal CEL (cel-go's checker types them list(dyn)); optionals are part
// of the spec's conformance suite. Undeclared variables are dyn, as bindings are not declared here.
const marcEnv = new Environment({
  unlistedVariablesAreDyn: true,
  homogeneousAggregateLiterals: false,
  enableOptionalTypes: true
})

const marcInput = (value: Neutral): unknown => {
  switch (value.t) {
    case "int":
    case "double":
    case "string":
    case "bool":
      return value.v
    case "uint":
      return marcEnv.evaluate(`${value.v}u`) // the library does not export its uint class
    case "null":
      return null
    case "bytes":
      return fromBase64(value.v)
    case "list":
      return value.v.map(marcInput)
    case "map":
      return new Map(value.v.map(([k, v]) => [marcInput(k), marcInput(v)]))
    case "type":
      throw new Error("type values cannot be bound")
  }
}

const marcOutput = (value: unknown): Neutral => {
  if (value === null) return { t: "null" }
  if (typeof value === "bigint") return { t: "int", v: value }
  if (typeof value === "number") return { t: "double", v: value }
  if (typeof value === "string") return { t: "string", v: value }
  if (typeof value === "boolean") return { t: "bool", v: value }
  if (value instanceof Uint8Array) return { t: "bytes", v: base64(value) }
  if (Array.isArray(value)) return { t: "list", v: value.map(marcOutput) }
  if (value instanceof Map) return { t: "map", v: [...value].map(([k, v]) => [marcOutput(k), marcOutput(v)]) }
  const kind = (value as object).constructor?.name
  if (kind === "UnsignedInt") return { t: "uint", v: (value as { value: bigint }).value }
  if (kind === "Type") return { t: "type", v: (value as { name: string }).name }
  if (kind === "Object")
    return {
      t: "map",
      v: Object.entries(value as object).map(([k, v]) => [{ t: "string", v: k }, marcOutput(v)] as const)
    }
  throw new Error(`unmapped result ${String(kind)}`)
}

export const marcbachmann: Candidate = {
  name: "@marcbachmann/cel-js",
  run: (expr, bindings): Expected => {
    const program = marcEnv.parse(expr)
    const inputs = Object.fromEntries(Object.entries(bindings).map(([k, v]) => [k, marcInput(v)]))
    return { value: marcOutput(program(inputs)) }
  }
}

export const marcbachmannCompiler: Compiler = (expr) => marcEnv.parse(expr)

// --- @bufbuild/cel ----------------------------------------------------------------------------

const bufEnv = celEnv({ funcs: strings })

export const bufbuild: Candidate = {
  name: "@bufbuild/cel",
  run: (expr, bindings): Expected => {
    const program = plan(bufEnv, parse(expr))
    const inputs = Object.fromEntries(Object.entries(bindings).map(([k, v]) => [k, bufInput(v)]))
    const result = program(inputs as never)
    return isCelError(result) ? { error: true } : { value: bufOutput(result) }
  }
}

export const bufbuildCompiler: Compiler = (expr) => {
  const program = plan(bufEnv, parse(expr))
  return (bindings) => {
    const result = program(bindings as never)
    if (isCelError(result)) throw result
    return result
  }
}
