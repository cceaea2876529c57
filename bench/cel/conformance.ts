/**
 * Runs the protobuf-free CEL conformance subset (test/fixtures/cel/conformance.json) against a
 * candidate CEL library. Values of the corpus (cel.expr.Value in proto JSON form) are decoded
 * to a neutral tagged form; each candidate converts them to its own inputs and its results back,
 * so both libraries are judged by the same comparison.
 */
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

/** A CEL value, library-neutral. Timestamps and durations are compared through the corpus's own forms. */
export type Neutral =
  | { readonly t: "int" | "uint"; readonly v: bigint }
  | { readonly t: "double"; readonly v: number }
  | { readonly t: "string"; readonly v: string }
  | { readonly t: "bool"; readonly v: boolean }
  | { readonly t: "null" }
  | { readonly t: "bytes"; readonly v: string } // base64
  | { readonly t: "list"; readonly v: ReadonlyArray<Neutral> }
  | { readonly t: "map"; readonly v: ReadonlyArray<readonly [Neutral, Neutral]> }
  | { readonly t: "type"; readonly v: string }

/** Expected outcome: a value, or any evaluation (or check) error. */
export type Expected = { readonly value: Neutral } | { readonly error: true }

export interface ConformanceCase {
  readonly suite: string
  readonly section: string
  readonly name: string
  readonly expr: string
  readonly bindings: Readonly<Record<string, Neutral>>
  readonly expected: Expected
}

/** A library under test: compiles once, then evaluates with neutral bindings. */
export interface Candidate {
  readonly name: string
  /** Throws (or returns an error value the adapter maps to `{ error }`) when the library refuses. */
  readonly run: (expr: string, bindings: Readonly<Record<string, Neutral>>) => Expected
}

type RawValue = Record<string, unknown>

const decode = (raw: RawValue): Neutral => {
  if ("int64Value" in raw) return { t: "int", v: BigInt(raw["int64Value"] as string) }
  if ("uint64Value" in raw) return { t: "uint", v: BigInt(raw["uint64Value"] as string) }
  if ("doubleValue" in raw) return { t: "double", v: Number(raw["doubleValue"]) }
  if ("stringValue" in raw) return { t: "string", v: raw["stringValue"] as string }
  if ("boolValue" in raw) return { t: "bool", v: raw["boolValue"] as boolean }
  if ("nullValue" in raw) return { t: "null" }
  if ("bytesValue" in raw) return { t: "bytes", v: raw["bytesValue"] as string }
  if ("typeValue" in raw) return { t: "type", v: raw["typeValue"] as string }
  if ("listValue" in raw) {
    const values = ((raw["listValue"] as RawValue)["values"] ?? []) as ReadonlyArray<RawValue>
    return { t: "list", v: values.map(decode) }
  }
  if ("mapValue" in raw) {
    const entries = ((raw["mapValue"] as RawValue)["entries"] ?? []) as ReadonlyArray<RawValue>
    return { t: "map", v: entries.map((e) => [decode(e["key"] as RawValue), decode(e["value"] as RawValue)]) }
  }
  throw new Error(`unsupported corpus value ${JSON.stringify(raw)}`)
}

// cel-spec's SimpleTest: no result matcher means "evaluates to true"; a typed result carries its value.
const expectedOf = (test: RawValue): Expected => {
  if ("value" in test) return { value: decode(test["value"] as RawValue) }
  if ("typedResult" in test) return { value: decode((test["typedResult"] as RawValue)["result"] as RawValue) }
  if ("evalError" in test || "anyEvalErrors" in test) return { error: true }
  return { value: { t: "bool", v: true } }
}

interface Corpus {
  readonly source: string
  readonly core: ReadonlyArray<string>
  readonly extensions: ReadonlyArray<string>
  readonly suites: Readonly<Record<string, ReadonlyArray<RawValue>>>
}

/** The subset as extracted by test/fixtures/cel/extract-conformance.ts. */
export const loadCorpus = (): Corpus => {
  const here = dirname(fileURLToPath(import.meta.url))
  const file = join(here, "..", "..", "test", "fixtures", "cel", "conformance.json")
  return JSON.parse(readFileSync(file, "utf8")) as Corpus
}

/** The cases of one top-level suite of the corpus. */
export const suiteCases = (corpus: Corpus, suite: string): ReadonlyArray<ConformanceCase> =>
  (corpus.suites[suite] ?? []).map((test): ConformanceCase => {
    const bindings = Object.fromEntries(
      Object.entries((test["bindings"] ?? {}) as Record<string, RawValue>).map(([k, v]) => [
        k,
        decode(v["value"] as RawValue)
      ])
    )
    return {
      suite,
      section: test["section"] as string,
      name: (test["name"] as string | undefined) ?? (test["expr"] as string),
      expr: test["expr"] as string,
      bindings,
      expected: expectedOf(test)
    }
  })

export const sameValue = (a: Neutral, b: Neutral): boolean => {
  if (a.t !== b.t) return false
  switch (a.t) {
    case "null":
      return true
    case "double":
      return Number.isNaN(a.v) ? Number.isNaN((b as typeof a).v) : a.v === (b as typeof a).v
    case "list": {
      const other = (b as typeof a).v
      return a.v.length === other.length && a.v.every((item, i) => sameValue(item, other[i] as Neutral))
    }
    case "map": {
      const other = (b as typeof a).v
      return (
        a.v.length === other.length &&
        a.v.every(([k, v]) => other.some(([k2, v2]) => sameValue(k, k2) && sameValue(v, v2)))
      )
    }
    default:
      return a.v === (b as { v: unknown }).v
  }
}

export interface ConformanceResult {
  readonly passed: number
  readonly total: number
  readonly failures: ReadonlyArray<string>
}

/** Runs every case; a thrown exception counts as an error outcome (never as a crash of the run). */
export const runConformance = (
  candidate: Candidate,
  cases: ReadonlyArray<ConformanceCase>
): ConformanceResult => {
  const failures: Array<string> = []
  for (const test of cases) {
    let outcome: Expected
    try {
      outcome = candidate.run(test.expr, test.bindings)
    } catch {
      outcome = { error: true }
    }
    const ok =
      "error" in test.expected
        ? "error" in outcome
        : "value" in outcome && sameValue(outcome.value, test.expected.value)
    if (!ok) failures.push(`${test.suite}/${test.section}/${test.name}: ${test.expr}`)
  }
  return { passed: cases.length - failures.length, total: cases.length, failures }
}
