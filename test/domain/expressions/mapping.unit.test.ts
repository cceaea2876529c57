import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import fc from "fast-check"
import { jsonbProblems } from "../../../src/domain/json/jsonbSafety.ts"
import type { Json, JsonObject } from "../../../src/domain/json/Json.ts"
import { failure, run, value } from "./run.ts"

const json = fc
  .jsonValue({ stringUnit: "grapheme", maxDepth: 4 })
  .map((v) => v as Json)
  .filter((v) => jsonbProblems(v).length === 0)

const integerSchema: JsonObject = { type: "integer" }

describe("the JSON ↔ CEL mapping", () => {
  it("round-trips any jsonb-safe JSON value unchanged, key order included", () => {
    fc.assert(
      fc.property(json, (x) => {
        expect(JSON.stringify(value("x", { x: { json: x } }))).toBe(JSON.stringify(x))
        expect(JSON.stringify(value("[x, {'k': x}]", { x: { json: x } }))).toBe(JSON.stringify([x, { k: x }]))
      })
    )
  })

  it("binds a number as a double when no schema declares it integer", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(value("type(x) == double", { x: { json: x } })).toBe(true)
        expect(value("x", { x: { json: x, schema: { type: "number" } } })).toBe(x === 0 ? 0 : x)
      })
    )
  })

  it("binds a safe integer declared integer as an int and returns the same number", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (x) => {
        const bound = { x: { json: x, schema: integerSchema } }
        expect(value("type(x) == int", bound)).toBe(true)
        expect(value("x", bound)).toBe(x === 0 ? 0 : x)
        expect(value("x == x + 0", bound)).toBe(true)
      })
    )
  })

  it("keeps integers beyond 2^53 doubles even when declared integer (JSON parsing already rounded them)", () => {
    const beyond = fc.double({ min: 2 ** 53, max: 1e300, noNaN: true }).map(Math.trunc)
    fc.assert(
      fc.property(beyond, fc.boolean(), (magnitude, negative) => {
        const x = negative ? -magnitude : magnitude
        const bound = { x: { json: x, schema: integerSchema } }
        expect(value("type(x) == double", bound)).toBe(true)
        expect(value("x", bound)).toBe(x)
      })
    )
  })

  it("returns int results as numbers within ±(2^53 − 1) and refuses the rest, never a BigInt", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.maxSafeInteger(), (a, b) => {
        const product = BigInt(a) * BigInt(b)
        const result = run("a * b", {
          a: { json: a, schema: integerSchema },
          b: { json: b, schema: integerSchema }
        })
        if (product >= BigInt(Number.MIN_SAFE_INTEGER) && product <= BigInt(Number.MAX_SAFE_INTEGER))
          expect(result).toEqual(Either.right(Number(product) === 0 ? 0 : Number(product)))
        else {
          expect(Either.isLeft(result)).toBe(true)
          const error = Either.getLeft(result).pipe((e) => (e._tag === "Some" ? e.value : undefined))
          expect(error?.message).toMatch(/^Expected an int within/)
        }
      })
    )
  })

  it("follows properties, items and additionalProperties to integer declarations", () => {
    const schema: JsonObject = {
      type: "object",
      properties: {
        counts: { type: "array", items: { type: "integer" } },
        byName: { type: "object", additionalProperties: { type: "integer" } },
        price: { type: "number" }
      }
    }
    fc.assert(
      fc.property(
        fc.array(fc.maxSafeInteger()),
        fc.dictionary(
          fc.string({ unit: "grapheme", minLength: 1 }).filter((k) => jsonbProblems({ [k]: 1 }).length === 0),
          fc.maxSafeInteger()
        ),
        fc.integer(),
        (counts, byName, price) => {
          const input = { json: { counts, byName, price }, schema }
          expect(value("input.counts.all(n, type(n) == int)", { input })).toBe(true)
          expect(value("input.byName.all(k, type(input.byName[k]) == int)", { input })).toBe(true)
          expect(value("type(input.price) == double", { input })).toBe(true)
        }
      )
    )
  })

  it("follows prefixItems, patternProperties and allOf/anyOf/oneOf; number wins over integer", () => {
    const schema: JsonObject = {
      prefixItems: [{ type: "integer" }, { type: "number" }],
      items: { anyOf: [{ type: "integer" }, { type: "string" }] }
    }
    const list = { json: [1, 2, 3, "x"], schema }
    expect(value("[type(x[0]), type(x[1]), type(x[2])]", { x: list })).toEqual(["int", "double", "int"])
    const object = {
      json: { n_a: 1, other: 2, both: 3 },
      schema: {
        allOf: [
          { patternProperties: { "^n_": { type: "integer" } } },
          { properties: { both: { type: "integer" } } },
          { properties: { both: { type: "number" } } }
        ]
      }
    }
    expect(value("[type(x.n_a), type(x.other), type(x.both)]", { x: object })).toEqual([
      "int",
      "double",
      "double"
    ])
    expect(value("type(x)", { x: { json: 5, schema: { type: ["integer", "null"] } } })).toBe("int")
    expect(value("type(x)", { x: { json: 5, schema: { $ref: "#/$defs/int" } } })).toBe("double")
  })

  it("keeps unicode text intact, astral characters included, and counts code points", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const x = { json: text }
        expect(value("x", { x })).toBe(text)
        expect(value("size(x)", { x })).toBe(Array.from(text).length)
        expect(value("x + x", { x })).toBe(text + text)
      })
    )
    const emoji = { json: "a😀b" }
    expect(value("[x.charAt(1), x.indexOf('b'), x.substring(1, 3)]", { x: emoji })).toEqual(["😀", 2, "😀b"])
  })

  it("treats nulls, empty keys and empty collections as ordinary values", () => {
    const x = { json: { "": 1, nothing: null, list: [], map: {} } }
    expect(value("x['']", { x })).toBe(1)
    expect(value("x.nothing == null && has(x.nothing)", { x })).toBe(true)
    expect(value("[size(x.list), size(x.map), size(x)]", { x })).toEqual([0, 0, 4])
  })

  it("returns CEL-only values as JSON: map keys as text, bytes as base64, timestamps and durations as text", () => {
    expect(value("{1: 'a', true: 'b', 2u: 'c'}")).toEqual({ "1": "a", true: "b", "2": "c" })
    expect(value("b'hi'")).toBe("aGk=")
    expect(value("type(1)")).toBe("int")
    expect(value("now", { now: { timestamp: Date.UTC(2026, 10, 21, 9, 30) } })).toBe("2026-11-21T09:30:00Z")
    expect(value("now + duration('1.5s')", { now: { timestamp: 0 } })).toBe("1970-01-01T00:00:01.5Z")
    expect(value("timestamp('1969-12-31T23:59:59.000000001Z')")).toBe("1969-12-31T23:59:59.000000001Z")
    expect(value("[duration('90s'), duration('-1.25s'), duration('0s')]")).toEqual(["90s", "-1.25s", "0s"])
    expect(value("-0.0")).toBe(0)
  })

  it("refuses results JSON cannot hold", () => {
    expect(failure("1.0 / 0.0").message).toBe("Expected a finite number to return as JSON, but got Infinity")
    expect(failure("{1: 'a', '1': 'b'}").message).toBe(
      'Expected distinct keys once written as JSON text, but "1" occurs twice'
    )
    expect(failure("{'a': {'__pro' + 'to__': 1}}").message).toBe(
      'Expected an ordinary key in the result, but "__proto__" is reserved'
    )
    expect(failure("now", { now: { timestamp: Number.NaN } }).message).toBe(
      'Expected "now" to be a finite timestamp, but got NaN'
    )
  })

  it("evaluates deterministically: the same inputs give the same outputs", () => {
    const expressions = [
      "x",
      "type(x)",
      "x == x",
      "[x, x].size()",
      "string(x)",
      "x.size()",
      "has(x.a) ? x.a : null"
    ]
    fc.assert(
      fc.property(json, fc.constantFrom(...expressions), (x, source) => {
        const first = run(source, { x: { json: x } })
        const second = run(source, { x: { json: structuredClone(x) } })
        expect(second).toEqual(first)
      })
    )
  })
})
