import { isJsonObject, type Json, type JsonObject } from "../../json/Json.ts"
import { keywordCheck } from "./quickKeywords.ts"

/**
 * A JSON Schema compiled to a plain predicate, for the keywords values are usually checked
 * against: `type`, `enum`, `const`, `required`, `properties`, `additionalProperties`,
 * `prefixItems`, `items`, `additionalItems`, the size and range bounds, `allOf`, `anyOf`,
 * `oneOf`, `not`, `if`/`then`/`else` and `dependentRequired`, plus annotations. Each keyword
 * means exactly what @cfworker/json-schema's `validate` makes of it (validate.js, 2020-12), so
 * the predicate is true exactly when the validator finds the value valid. A schema with any
 * other keyword (`$ref`, `pattern`, `format`, `multipleOf`, `uniqueItems` …) has no predicate:
 * the validator decides. Only the validator reports problems, so messages never change.
 */
export type QuickCheck = (value: Json) => boolean

const annotations = new Set([
  "title",
  "description",
  "default",
  "examples",
  "$comment",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$schema",
  "$id",
  "$anchor",
  "$defs",
  "definitions",
  "contentEncoding",
  "contentMediaType",
  "contentSchema"
])

/** Thrown while compiling a schema with a keyword outside the subset. */
export class Unsupported {}
export const unsupported = (): never => {
  throw new Unsupported()
}

/** The predicate of a schema, or undefined when it uses a keyword outside the subset. */
export const quickCheck = (schema: Json): QuickCheck | undefined => {
  try {
    return compile(schema, 0)
  } catch (error) {
    if (error instanceof Unsupported) return undefined
    throw error
  }
}

export const compile = (schema: Json, depth: number): QuickCheck => {
  if (schema === true) return () => true
  if (schema === false) return () => false
  if (!isJsonObject(schema) || depth > 64) return unsupported()
  const checks: Array<QuickCheck> = []
  for (const keyword of Object.keys(schema)) {
    if (annotations.has(keyword) || keyword.startsWith("x-")) continue
    const check = keywordCheck(keyword, schema, depth + 1)
    if (check !== undefined) checks.push(check)
  }
  if (checks.length === 1) return checks[0] as QuickCheck
  return (value) => {
    for (const check of checks) if (!check(value)) return false
    return true
  }
}

export const schemas = (value: Json | undefined, depth: number): ReadonlyArray<QuickCheck> =>
  Array.isArray(value) && value.length > 0
    ? (value as ReadonlyArray<Json>).map((item) => compile(item, depth))
    : unsupported()

export const count = (value: Json | undefined): number =>
  typeof value === "number" && Number.isFinite(value) ? value : unsupported()

export const isObject = (value: Json): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const typeOf = (value: Json): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value

/** `type`: one name or a list; an integer is a number without a fraction. */
export const hasType = (value: Json, type: Json): boolean =>
  typeOf(value) === type || (type === "integer" && typeof value === "number" && value % 1 === 0)

/** deep-compare-strict.js: same types, arrays in order, objects with the same own keys. */
export const sameJson = (a: Json, b: Json): boolean => {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const other = b as ReadonlyArray<Json>
    return a.length === other.length && a.every((item: Json, i: number) => sameJson(item, other[i] as Json))
  }
  if (typeof a !== "object" || a === null || b === null) return a === b
  const object = a as JsonObject
  const other = b as JsonObject
  const keys = Object.keys(object)
  if (keys.length !== Object.keys(other).length) return false
  return keys.every((key) => Object.hasOwn(other, key) && sameJson(object[key] as Json, other[key] as Json))
}

/** `const`/`enum`: objects and lists compared deeply, anything else by identity. */
export const matches = (value: Json, expected: Json): boolean =>
  typeof value === "object" && value !== null ? sameJson(value, expected) : value === expected

export const ucs2length = (text: string): number => {
  let length = 0
  for (let i = 0; i < text.length; i++, length++) {
    const code = text.charCodeAt(i)
    if (
      code >= 0xd800 &&
      code <= 0xdbff &&
      i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    )
      i++
  }
  return length
}
