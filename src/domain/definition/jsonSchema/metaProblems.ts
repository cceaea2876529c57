import { Validator, type Schema } from "@cfworker/json-schema"
import type { Json } from "../../json/Json.ts"
import type { PathSegment, Problem } from "../../Problem.ts"
import { actual } from "../decode/describe.ts"
import { metaSchema } from "./metaSchema.ts"
import { innermostErrors } from "./innermost.ts"
import { resolvePointer } from "./pointer.ts"

const metaValidator = new Validator(metaSchema as Schema, "2020-12", false)

const nonNegative = "a non-negative integer"
const schemaList = "a non-empty list of schemas"
const schemaMap = "an object of schemas"
/** What each keyword of the meta-schema holds. */
const expectations: Record<string, string> = {
  type: "array, boolean, integer, null, number, object or string, or a list of them",
  required: "a list of distinct texts",
  enum: "a list",
  examples: "a list",
  multipleOf: "a positive number",
  ...Object.fromEntries(
    ["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"].map((k) => [k, "a number"])
  ),
  ...Object.fromEntries(
    [
      "maxLength",
      "minLength",
      "maxItems",
      "minItems",
      "maxContains",
      "minContains",
      "maxProperties",
      "minProperties"
    ].map((k) => [k, nonNegative])
  ),
  ...Object.fromEntries(["allOf", "anyOf", "oneOf", "prefixItems"].map((k) => [k, schemaList])),
  ...Object.fromEntries(
    ["properties", "patternProperties", "dependentSchemas", "$defs", "definitions"].map((k) => [k, schemaMap])
  ),
  ...Object.fromEntries(
    ["uniqueItems", "deprecated", "readOnly", "writeOnly"].map((k) => [k, "true or false"])
  ),
  dependentRequired: "an object of lists of distinct texts",
  dependencies: "an object of schemas or lists of texts",
  $ref: "a URI reference",
  $id: "a URI reference without a fragment",
  $schema: "a URI",
  $anchor: "an anchor name",
  pattern: "a regular expression"
}

/**
 * Where a schema breaks the JSON Schema 2020-12 meta-schema, one problem per innermost place
 * (the meta-schema also reports every enclosing keyword; those say nothing new).
 */
export const metaSchemaProblems = (schema: Json, at: ReadonlyArray<PathSegment>): ReadonlyArray<Problem> => {
  const result = metaValidator.validate(schema)
  if (result.valid) return []
  return innermostErrors(result.errors).map(([location, errors]) => {
    const { path, node: value } = resolvePointer(schema, location)
    const deepest = errors.reduce((a, b) => (b.keywordLocation.length > a.keywordLocation.length ? b : a))
    const notASchema = errors.some((e) => e.keyword === "type" && /(^#|\$ref)\/type$/.test(e.keywordLocation))
    if (notASchema)
      return {
        path: [...at, ...path],
        message: `Expected a JSON Schema (an object, true or false), but got ${actual(value)}`
      }
    const keyword = String(path[path.length - 1])
    const expectation = expectations[keyword] ?? "a valid value"
    const detail =
      deepest.keyword === "type" || deepest.keyword === "enum"
        ? `got ${actual(value)}`
        : deepest.error.replace(/\.$/, "").replace(/^./, (c) => c.toLowerCase())
    return { path: [...at, ...path], message: `Expected ${keyword} to be ${expectation}, but ${detail}` }
  })
}
