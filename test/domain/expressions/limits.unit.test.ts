import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import { expressionLimits } from "../../../src/domain/expressions/limits.ts"
import { compilePattern } from "../../../src/domain/expressions/regex.ts"
import { failure, run, value } from "./run.ts"

const nestedMaps = (depth: number): string =>
  depth === 0 ? "x" : `[1, 2, 3].map(x${depth}, ${nestedMaps(depth - 1)})`

describe("the cost bound", () => {
  it("stops a comprehension nesting bomb with a cost error", () => {
    const bomb = `${nestedMaps(12)}.size()`
    expect(failure(bomb, { x: { json: 1 } })).toMatchObject({ kind: "cost" })
    expect(value(`${nestedMaps(3)}.size()`, { x: { json: 1 } })).toBe(3)
  })

  it("charges comprehension iterations even when their bodies call nothing", () => {
    const xs = { json: Array.from({ length: 100 }, (_, i) => i) }
    expect(failure("xs.all(a, xs.all(b, xs.all(c, true)))", { xs }).kind).toBe("cost")
    expect(value("xs.all(a, xs.all(b, true))", { xs })).toBe(true)
  })

  it("fails an over-budget evaluation even where || would absorb the error", () => {
    expect(failure(`${nestedMaps(12)}.size() > 0 || true`, { x: { json: 1 } }).kind).toBe("cost")
  })

  it("refuses string growth before it happens: replace, concatenation, join", () => {
    const s = { json: "a".repeat(4000) }
    const growth = failure("s.replace('a', s).replace('a', s).size()", { s })
    expect(growth).toMatchObject({ kind: "limit" })
    expect(growth.message).toBe(
      `Expected a string of at most ${expressionLimits.maxStringLength} characters, but the expression would produce 16000000`
    )
    const big = { json: "a".repeat(600_000) }
    expect(failure("(big + big).size()", { big }).kind).toBe("limit")
    expect(failure("[big, big].join('').size()", { big }).kind).toBe("limit")
    expect(failure("'%s%s'.format([big, big]).size()", { big }).kind).toBe("limit")
  })

  it("bounds what all values of one evaluation add up to", () => {
    const xs = { json: Array.from({ length: 1000 }, (_, i) => i) }
    const s = { json: "a".repeat(10_000) }
    expect(failure("xs.map(x, s + s).size()", { xs, s })).toMatchObject({ kind: "cost" })
  })

  it("charges scanned text, so long texts cannot multiply a comprehension's cost", () => {
    const xs = { json: Array.from({ length: 1000 }, (_, i) => i) }
    const long = { json: "a".repeat(200_000) }
    expect(failure("xs.all(x, long.matches('^a+$'))", { xs, long }).kind).toBe("cost")
    expect(value("long.matches('^a+$')", { long })).toBe(true)
  })

  it("charges the elements `in` walks, so list membership cannot multiply a comprehension's cost", () => {
    const many = { json: Array.from({ length: 5000 }, (_, i) => i) }
    expect(failure("xs.all(a, a in ys)", { xs: many, ys: many }).kind).toBe("cost")
    const few = { json: Array.from({ length: 100 }, (_, i) => i) }
    expect(value("xs.all(a, a in ys)", { xs: few, ys: few })).toBe(true)
  })

  it("starts every evaluation with a fresh budget", () => {
    const x = { x: { json: 1 } }
    expect(Either.isLeft(run(`${nestedMaps(12)}.size()`, x))).toBe(true)
    expect(value(`${nestedMaps(8)}.size()`, x)).toBe(3)
  })
})

describe("regular expressions", () => {
  it("run on re2js, so a catastrophic pattern on a long text completes with the right answer", () => {
    expect(Either.map(compilePattern("(a+)+$"), (pattern) => pattern.engine)).toEqual(Either.right("re2js"))
    const text = { json: `${"a".repeat(100_000)}!` }
    expect(value("text.matches('(a+)+$')", { text })).toBe(false)
    expect(value("text.matches('^(a|aa)*$')", { text })).toBe(false)
    expect(value("matches(text, '(a+)+!$')", { text })).toBe(true)
  })

  it("use RE2 semantics: partial match, RE2 classes and flags", () => {
    expect(value("'order-42'.matches('[0-9]+')")).toBe(true)
    expect(value("'order-42'.matches('^[0-9]+$')")).toBe(false)
    expect(value("'ΑΒΓ'.matches('^\\\\p{Greek}+$') && 'ABC'.matches('(?i)^abc$')")).toBe(true)
  })

  it("refuse a dynamic pattern RE2 rejects with a regex evaluation error", () => {
    const pattern = { json: "(a)\\1" }
    const error = failure("'aa'.matches(pattern)", { pattern })
    expect(error.kind).toBe("regex")
    expect(error.message).toMatch(
      /^Expected a regular expression RE2 accepts .*, but "\(a\)\\\\1" has invalid escape sequence/
    )
    expect(
      failure("'a'.matches(p)", { p: { json: "x".repeat(expressionLimits.maxPatternLength + 1) } }).kind
    ).toBe("regex")
  })
})
