import canonicalize from "canonicalize"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { canonicalJson, isInCanonicalOrder, sortKeys } from "../../../src/domain/json/canonical.ts"
import type { Json } from "../../../src/domain/json/Json.ts"

/** What the library answers: its text, or the fact that it refused. */
const library = (value: unknown): string => {
  try {
    return canonicalize(value) ?? "(undefined)"
  } catch {
    return "(refused)"
  }
}
const ours = (value: Json): string => {
  try {
    return canonicalJson(value)
  } catch {
    return "(refused)"
  }
}

/** Text that JSON escapes or that JCS sorts in surprising ways: escapes, controls, astral, BMP. */
const tricky = fc.constantFrom(
  "",
  '"',
  "\\",
  "\u0000",
  "\u001f",
  "\u007f",
  "\u2028",
  "\u2029",
  "\b\f\n\r\t",
  "é",
  "\u00e9",
  "e\u0301",
  "😀",
  "\u{1F600}\u{10FFFF}",
  "\uFFFF",
  "\uFB33",
  "10",
  "2",
  "__proto__x",
  "a",
  "A"
)
const text = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary-ascii" }),
  // Around and inside the surrogate range: pairs, and now and then a lone half.
  fc.string({
    unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)),
    maxLength: 4
  }),
  tricky,
  fc.array(tricky, { maxLength: 4 }).map((parts) => parts.join(""))
)
/** Numbers of every magnitude and spelling: integers, halves, tiny, huge, exponents, -0. */
const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, 2 ** 53, -(2 ** 53) - 2, 0.1, 1 / 3),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(Number)
)
const { json } = fc.letrec<{ json: Json }>((tie) => ({
  json: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    number,
    text,
    fc.array(tie("json"), { maxLength: 5 }),
    fc.dictionary(text, tie("json"), { maxKeys: 6 })
  )
}))

describe("canonicalJson", () => {
  it("equals the RFC 8785 library for any JSON, whatever its key order", () =>
    fc.assert(
      fc.property(json, (value) => {
        expect(ours(value)).toBe(library(value))
      }),
      { numRuns: 2000 }
    ))

  it("equals the RFC 8785 library for JSON in canonical key order, which takes JSON.stringify's path", () =>
    fc.assert(
      fc.property(json, (value) => {
        const sorted = sortKeys(value)
        expect(ours(sorted)).toBe(library(sorted))
      }),
      { numRuns: 2000 }
    ))

  it("takes JSON.stringify's path for sorted plain JSON with well-formed text and not for unsorted keys", () => {
    expect(isInCanonicalOrder({ a: [1, "😀", { b: null, c: -0 }], b: true }, 0)).toBe(true)
    expect(isInCanonicalOrder({ b: 1, a: 2 }, 0)).toBe(false)
    // Integer-like keys come first in JavaScript's own order, but not in code-unit order.
    expect(isInCanonicalOrder({ "2": 1, "10": 2 }, 0)).toBe(false)
    expect(canonicalJson({ "2": 1, "10": 2 })).toBe('{"10":2,"2":1}')
    expect(isInCanonicalOrder({ a: "\uD800" }, 0)).toBe(false)
  })

  it("refuses lone surrogates, in keys and in values, as the library does", () => {
    expect(() => canonicalJson({ a: "x\uDC00" })).toThrow()
    expect(() => canonicalJson({ ["\uD800"]: 1 })).toThrow()
    expect(() => canonicalJson([Number.NaN])).toThrow()
  })
})
