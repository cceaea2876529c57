import { describe, expect, it } from "vitest"
import { jsonSchemaProblems } from "../../../src/domain/definition/jsonSchema/checkJsonSchema.ts"
import {
  compileJsonSchema,
  jsonSchemaValueProblems
} from "../../../src/domain/definition/jsonSchema/validateJson.ts"
import type { JsonObject } from "../../../src/domain/json/Json.ts"

const messages = (schema: JsonObject) => jsonSchemaProblems(schema, ["form"]).map((p) => [p.path, p.message])

describe("jsonSchemaProblems", () => {
  it("accepts a 2020-12 schema with $defs, $ref, anchors and x- annotations", () => {
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      "x-ui": { order: ["name"] },
      properties: { name: { $ref: "#/$defs/name" }, tag: { $ref: "#tag" } },
      prefixItems: [{ type: "string" }],
      $defs: { name: { type: "string", pattern: "^[a-z]+$" }, tag: { $anchor: "tag", type: "string" } }
    }
    expect(messages(schema)).toEqual([])
  })

  it("reports where a schema breaks the meta-schema, one problem per place", () => {
    expect(
      messages({ type: "object", properties: { a: { type: "strng" }, b: 5, c: { minLength: -1 } } })
    ).toEqual([
      [
        ["form", "properties", "a", "type"],
        'Expected type to be array, boolean, integer, null, number, object or string, or a list of them, but got "strng"'
      ],
      [["form", "properties", "b"], "Expected a JSON Schema (an object, true or false), but got 5"],
      [
        ["form", "properties", "c", "minLength"],
        "Expected minLength to be a non-negative integer, but -1 is less than 0"
      ]
    ])
  })

  it("refuses unknown keywords, patterns RE2 cannot run, dangling $refs and reserved required names", () => {
    expect(
      messages({
        type: "object",
        propertis: {},
        properties: { a: { pattern: "(a)\\1" } },
        patternProperties: { "(?=x)": {} },
        $defs: { s: { $ref: "#/$defs/t" } },
        required: ["constructor"]
      }).map(([path]) => path)
    ).toEqual([
      ["form", "propertis"],
      ["form", "patternProperties", "(?=x)"],
      ["form", "required", 0],
      ["form", "properties", "a", "pattern"],
      ["form", "$defs", "s", "$ref"]
    ])
  })

  it("refuses $dynamicRef, $schema of another dialect, and $id inside", () => {
    expect(
      messages({
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "object",
        $dynamicRef: "#meta",
        properties: { a: { $id: "x" } }
      }).map(([path]) => path)
    ).toEqual([
      ["form", "$schema"],
      ["form", "$dynamicRef"],
      ["form", "properties", "a", "$id"]
    ])
  })
})

describe("jsonSchemaValueProblems", () => {
  const schema = compileJsonSchema({
    type: "object",
    required: ["id", "total"],
    additionalProperties: false,
    properties: {
      id: { type: "string", pattern: "^(a+)+$" },
      total: { type: "number", minimum: 0 },
      kind: { enum: ["a", "b"] },
      tags: { type: "array", items: { type: "string", maxLength: 3 } }
    },
    patternProperties: { "^x-": { type: "integer" } }
  })

  it("accepts a value that fits", () => {
    expect(jsonSchemaValueProblems(schema, { id: "aaa", total: 1, "x-n": 2 })).toEqual([])
  })

  it("reports every problem with its path", () => {
    const problems = jsonSchemaValueProblems(
      schema,
      { id: "ab", total: -1, kind: "c", tags: ["abcd", 1], extra: 1, "x-n": 1.5 },
      ["input"]
    )
    expect(problems.map((p) => [p.path, p.message])).toEqual(
      expect.arrayContaining([
        [["input", "id"], 'Expected a text matching the schema\'s pattern, but got "ab"'],
        [["input", "total"], "Expected a number of at least 0, but got -1"],
        [["input", "kind"], 'Expected one of "a" or "b", but got "c"'],
        [["input", "tags", 0], 'Expected a text of at most 3 characters, but got "abcd"'],
        [["input", "tags", 1], "Expected a text, but got 1"],
        [["input", "x-n"], "Expected an integer, but got 1.5"]
      ])
    )
    expect(problems.some((p) => p.path.join(".") === "input.extra")).toBe(true)
  })

  it("reports each missing required field", () => {
    expect(jsonSchemaValueProblems(schema, {}).map((p) => p.message)).toEqual([
      "Expected the field id, but it is missing",
      "Expected the field total, but it is missing"
    ])
  })

  it("runs a catastrophic pattern in linear time (RE2), so a hostile text returns at once", () => {
    // Under a backtracking engine, ^(a+)+$ against 60 a's and a b takes longer than the universe.
    const problems = jsonSchemaValueProblems(schema, { id: `${"a".repeat(60)}b`, total: 1 })
    expect(problems.map((p) => p.path)).toEqual([["id"]])
  })

  it("matches patterns with RE2 semantics, unanchored as JSON Schema says", () => {
    const contains = compileJsonSchema({ type: "string", pattern: "\\d{3}" })
    expect(jsonSchemaValueProblems(contains, "ab123cd")).toEqual([])
    expect(jsonSchemaValueProblems(contains, "ab12cd")).toHaveLength(1)
  })
})
