import { Validator, type Schema } from "@cfworker/json-schema"
import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { quickCheck } from "../../../src/domain/definition/jsonSchema/quickCheck.ts"
import {
  compileJsonSchema,
  jsonSchemaValueProblems
} from "../../../src/domain/definition/jsonSchema/validateJson.ts"
import type { Json, JsonObject } from "../../../src/domain/json/Json.ts"

const keys = ["a", "b", "n"] as const

const value: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(0.5, 1e300, -2.5, 2 ** 53),
    fc.constantFrom("", "a", "ab", "😀x", "abc"),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.record({ a: tie("value"), b: tie("value"), n: tie("value") }, { requiredKeys: [] })
  )
})).value

const types = ["string", "number", "integer", "boolean", "null", "object", "array"] as const
const small = fc.integer({ min: 0, max: 3 })

/** Schemas of the quick check's keywords, with now and then one it leaves to the validator. */
const schema: fc.Arbitrary<Json> = fc.letrec<{ schema: Json }>((tie) => ({
  schema: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom<Json>(true, false, {}),
    fc.constantFrom(...types).map((type) => ({ type })),
    fc.uniqueArray(fc.constantFrom(...types), { minLength: 1, maxLength: 3 }).map((type) => ({ type })),
    value.map((c) => ({ const: c })),
    fc.array(value, { minLength: 1, maxLength: 3 }).map((e) => ({ enum: e })),
    fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 3 }).map((required) => ({ required })),
    fc.record(
      {
        properties: fc.dictionary(fc.constantFrom(...keys), tie("schema"), { maxKeys: 2 }),
        additionalProperties: tie("schema")
      },
      { requiredKeys: [] }
    ),
    fc.record({ minProperties: small, maxProperties: small }, { requiredKeys: [] }),
    fc.record({
      dependentRequired: fc.dictionary(fc.constantFrom(...keys), fc.uniqueArray(fc.constantFrom(...keys)))
    }),
    fc.record(
      {
        prefixItems: fc.array(tie("schema"), { minLength: 1, maxLength: 2 }),
        items: fc.oneof(tie("schema"), fc.array(tie("schema"), { minLength: 1, maxLength: 3 })),
        additionalItems: tie("schema")
      },
      { requiredKeys: [] }
    ),
    fc.record({ minItems: small, maxItems: small, minLength: small, maxLength: small }, { requiredKeys: [] }),
    fc.record(
      {
        minimum: fc.integer({ min: -2, max: 2 }),
        maximum: fc.integer({ min: -2, max: 2 }),
        exclusiveMinimum: fc.constantFrom(-1, 0.5),
        exclusiveMaximum: fc.constantFrom(1, 2.5)
      },
      { requiredKeys: [] }
    ),
    fc.array(tie("schema"), { minLength: 1, maxLength: 3 }).map((allOf) => ({ allOf })),
    fc.array(tie("schema"), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })),
    fc.array(tie("schema"), { minLength: 1, maxLength: 3 }).map((oneOf) => ({ oneOf })),
    tie("schema").map((not) => ({ not })),
    fc.record({ if: tie("schema"), then: tie("schema"), else: tie("schema") }, { requiredKeys: ["if"] }),
    fc
      .tuple(tie("schema"), fc.constantFrom("x-note", "title", "multipleOf", "uniqueItems"))
      .map(([s, keyword]) =>
        typeof s === "object" && s !== null && !Array.isArray(s)
          ? { ...s, [keyword]: keyword === "multipleOf" ? 2 : true }
          : s
      )
  )
})).schema

const valid = (s: Json, v: Json): boolean => new Validator(s as Schema, "2020-12", false).validate(v).valid

describe("the quick check of start inputs and forms", () => {
  it("passes exactly the values @cfworker/json-schema finds valid, for every schema it compiles", () => {
    let compiled = 0
    let passed = 0
    fc.assert(
      fc.property(schema, fc.array(value, { minLength: 1, maxLength: 4 }), (s, values) => {
        const check = quickCheck(s)
        if (check === undefined) return
        compiled += 1
        for (const v of values) {
          expect(check(v)).toBe(valid(s, v))
          if (check(v)) passed += 1
        }
      }),
      { numRuns: 3000 }
    )
    expect(compiled).toBeGreaterThan(1500)
    expect(passed).toBeGreaterThan(500)
  })

  it("leaves the problems, their paths and messages, to the validator", () => {
    fc.assert(
      fc.property(
        schema.filter((s) => typeof s === "object" && s !== null && !Array.isArray(s)),
        value,
        (s, v) => {
          const compiled = compileJsonSchema(s as JsonObject)
          expect(jsonSchemaValueProblems(compiled, v, ["input"])).toEqual(
            jsonSchemaValueProblems({ ...compiled, quick: undefined }, v, ["input"])
          )
        }
      ),
      { numRuns: 1000 }
    )
  })
})
