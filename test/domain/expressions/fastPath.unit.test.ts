import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import fc from "fast-check"
import { bindings } from "../../../src/domain/expressions/Bindings.ts"
import type { BindingValue } from "../../../src/domain/expressions/Bindings.ts"
import { compileExpression, programOf } from "../../../src/domain/expressions/compile.ts"
import { evaluate, evaluateWithLibrary } from "../../../src/domain/expressions/evaluate.ts"
import { evaluateFast } from "../../../src/domain/expressions/fast/evaluateFast.ts"
import type { Json, JsonObject } from "../../../src/domain/json/Json.ts"

const keys = ["a", "b", "n", "xs"] as const

/** JSON data rich in integers, near-integers and the edges of the int mapping. */
const data: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.integer({ min: -3, max: 3 }),
    fc.integer(),
    fc.constantFrom(0.5, -2.5, 1e300, 2 ** 53, 2 ** 53 + 2, -(2 ** 53 - 1), -0),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom("a", "", "ab", "é", "😀", "DE"),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...keys), tie("value"), { maxKeys: 4 }),
    fc.record({ a: tie("value"), b: tie("value"), n: tie("value"), xs: tie("value") }, { requiredKeys: [] })
  )
})).value

/** JSON Schemas declaring numbers `integer` here and there, through every keyword the mapping follows. */
const schema: fc.Arbitrary<JsonObject> = fc.letrec<{ schema: JsonObject }>((tie) => ({
  schema: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom<JsonObject>(
      { type: "integer" },
      { type: "number" },
      { type: ["integer", "null"] },
      { type: ["integer", "number"] },
      {}
    ),
    fc
      .record({ properties: fc.dictionary(fc.constantFrom(...keys), tie("schema"), { maxKeys: 3 }) })
      .map((s) => ({ type: "object", ...s })),
    tie("schema").map((s) => ({ type: "object", additionalProperties: s })),
    tie("schema").map((s) => ({ type: "array", items: s })),
    fc.tuple(tie("schema"), tie("schema")).map(([p, s]) => ({ prefixItems: [p], items: s })),
    fc.tuple(tie("schema"), tie("schema")).map(([a, b]) => ({ allOf: [a, b] })),
    fc.tuple(tie("schema"), tie("schema")).map(([a, b]) => ({ anyOf: [a, b] }))
  )
})).schema

const literal = fc.constantFrom(
  "0",
  "1",
  "2",
  "-1",
  "9223372036854775807",
  "-9223372036854775808",
  "1.5",
  "0.0",
  "-2.5",
  "2.0",
  "1e300",
  "'a'",
  "''",
  "'ab'",
  "'DE'",
  "true",
  "false",
  "null",
  "1u"
)

const accessor = fc.oneof(
  fc.constantFrom(...keys).map((key) => `.${key}`),
  fc.constantFrom("[0]", "[1]", "[-1]", "[i]", "['a']", "[1.0]", "[n]")
)
const path = fc
  .tuple(fc.constantFrom("x", "x", "y", "i", "s", "t", "unbound"), fc.array(accessor, { maxLength: 3 }))
  .map(([root, accessors]) => root + accessors.join(""))

const arithmeticOps = ["+", "-", "*", "/", "%"]
const comparisonOps = ["==", "!=", "<", "<=", ">", ">="]

/**
 * CEL sources from the fast path's subset — numbers, conditions and anything at all, so many
 * evaluate without an error — with a few expressions outside it (uint, `type`, macros) for the fallback.
 */
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string; number: string; condition: string }>(
  (tie) => ({
    number: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom("0", "1", "2", "-1", "9223372036854775807", "1.5", "0.0", "2.0", "1u"),
      path,
      fc.constantFrom("i", "x.n", "x.a", "x.xs[0]", "x.xs[i]", "y.n", "n"),
      fc
        .tuple(tie("number"), fc.constantFrom(...arithmeticOps), tie("number"))
        .map(([a, op, b]) => `(${a} ${op} ${b})`),
      tie("number").map((a) => `(-(${a}))`),
      tie("e").map((a) => `size(${a})`)
    ),
    condition: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom("true", "false"),
      fc
        .tuple(tie("number"), fc.constantFrom(...comparisonOps), tie("number"))
        .map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc
        .tuple(tie("condition"), fc.constantFrom("&&", "||"), tie("condition"))
        .map(([a, op, b]) => `(${a} ${op} ${b})`),
      tie("condition").map((a) => `(!${a})`),
      fc.tuple(path, fc.constantFrom(...keys)).map(([p, key]) => `has(${p}.${key})`),
      fc.tuple(tie("e"), tie("e")).map(([a, list]) => `(${a} in ${list})`),
      fc
        .tuple(tie("e"), fc.constantFrom("contains", "startsWith", "endsWith"), tie("e"))
        .map(([a, f, b]) => `(${a}).${f}(${b})`)
    ),
    e: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      literal,
      path,
      tie("number"),
      tie("condition"),
      fc
        .tuple(tie("e"), fc.constantFrom(...arithmeticOps, ...comparisonOps, "&&", "||", "in"), tie("e"))
        .map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc.tuple(tie("condition"), tie("e"), tie("e")).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
      fc.array(tie("e"), { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
      fc.tuple(tie("e"), tie("number")).map(([list, index]) => `[${list}][${index}]`),
      tie("e").map((a) => `(${a}).size()`),
      tie("e").map((a) => `type(${a})`),
      tie("e").map((a) => `[${a}].map(v, v)`)
    )
  })
).e

const variables = fc.record({
  x: fc.record({ json: data, schema: fc.option(schema, { nil: undefined }) }),
  y: data,
  i: fc.integer({ min: -1, max: 3 }),
  n: data,
  s: fc.constantFrom("a", "ab", "😀", "")
})

type Generated = typeof variables extends fc.Arbitrary<infer A> ? A : never

/** `x` typed by a schema (or not), `y` and `n` untyped, `i` an int, `s` a string, `t` a timestamp. */
const bound = ({ x, y, i, n, s }: Generated): Record<string, BindingValue> => ({
  x: x.schema === undefined ? { json: x.json } : { json: x.json, schema: x.schema },
  y: { json: y },
  i: { json: i, schema: { type: "integer" } },
  n: { json: n },
  s: { json: s },
  t: { timestamp: 0 }
})

describe("the CEL fast path", () => {
  it("gives the library's result wherever it answers, and evaluate gives the library's value or error everywhere", () => {
    let answered = 0
    let succeeded = 0
    fc.assert(
      fc.property(expression, variables, (source, v) => {
        const expression = compileExpression(source)
        fc.pre(Either.isRight(expression))
        if (Either.isLeft(expression)) return
        const vars = bound(v)
        const library = evaluateWithLibrary(expression.right, bindings(vars))
        if (Either.isRight(library)) succeeded += 1
        const fast = programOf(expression.right).fast
        const value = fast === undefined ? undefined : evaluateFast(fast, vars)
        if (value !== undefined) {
          answered += 1
          expect(library).toStrictEqual(Either.right(value))
        }
        expect(evaluate(expression.right, bindings(vars))).toStrictEqual(library)
      }),
      { numRuns: 5000 }
    )
    // Not vacuous: the fast path answers most of what the library evaluates without an error.
    expect(answered / succeeded).toBeGreaterThan(0.5)
  })

  it("answers the everyday expressions of definitions itself, typed by the input schema", () => {
    const vars: Record<string, BindingValue> = {
      input: {
        json: { orderId: "A-1", total: 1500, quantity: 2, country: "DE", customer: { tier: "gold" } },
        schema: { type: "object", properties: { quantity: { type: "integer" } } }
      },
      context: { json: { items: [{ sku: "s-1" }], payment: { id: "p-9" } } },
      error: { json: { type: "Declined", message: "no", details: null } },
      item: { json: { sku: "s-2", qty: 3 } },
      index: { json: 4, schema: { type: "integer" } }
    }
    const cases: ReadonlyArray<readonly [string, Json]> = [
      ["input.orderId", "A-1"],
      ["context.payment.id", "p-9"],
      ["input.total > 1000.0", true],
      ["input.total > 1000", true],
      ["error.type == 'Declined'", true],
      ["size(context.items) > 0 && input.country in ['DE', 'FR']", true],
      ["has(input.customer.vip) && input.customer.vip", false],
      ["'tier' in input.customer ? input.customer.tier : 'none'", "gold"],
      ["item.sku", "s-2"],
      ["index + 1", 5],
      ["input.quantity * 2", 4],
      ["input.total * 2.0", 3000],
      ["input.orderId.startsWith('A-') || error.message.contains('x')", true],
      ["context.items", [{ sku: "s-1" }]]
    ]
    for (const [source, expected] of cases) {
      const compiled = Either.getOrThrow(compileExpression(source))
      const fast = programOf(compiled).fast
      expect(fast, source).toBeDefined()
      expect(evaluateFast(fast!, vars), source).toStrictEqual(expected)
    }
  })

  it("leaves errors to the library, which reports them as it always did", () => {
    const vars: Record<string, BindingValue> = { input: { json: { total: 1.5, customer: {} } } }
    for (const source of [
      "input.customer.vip",
      "input.total + 1",
      "1 / 0",
      "9223372036854775807 + 1",
      "[1][3]"
    ]) {
      const compiled = Either.getOrThrow(compileExpression(source))
      expect(evaluateFast(programOf(compiled).fast!, vars), source).toBeUndefined()
      expect(Either.isLeft(evaluate(compiled, bindings(vars))), source).toBe(true)
    }
  })
})
