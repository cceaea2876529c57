import { isJsonObject, type Json } from "../../json/Json.ts"
import type { PathSegment } from "../../Problem.ts"

/** Keywords whose value is one schema. */
export const subschemaKeywords: ReadonlySet<string> = new Set([
  "items",
  "contains",
  "additionalProperties",
  "propertyNames",
  "if",
  "then",
  "else",
  "not",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentSchema"
])
/** Keywords whose value is a list of schemas. */
export const schemaListKeywords: ReadonlySet<string> = new Set(["prefixItems", "allOf", "anyOf", "oneOf"])
/** Keywords whose value maps names (or patterns) to schemas; `dependencies` values may be lists instead. */
export const schemaMapKeywords: ReadonlySet<string> = new Set([
  "properties",
  "patternProperties",
  "dependentSchemas",
  "$defs",
  "definitions",
  "dependencies"
])

/** The schemas directly inside a schema object, with their paths relative to it. */
export const subschemas = (
  schema: Json
): ReadonlyArray<{ readonly node: Json; readonly path: ReadonlyArray<PathSegment> }> => {
  if (!isJsonObject(schema)) return []
  const out: Array<{ node: Json; path: ReadonlyArray<PathSegment> }> = []
  for (const [keyword, value] of Object.entries(schema)) {
    if (subschemaKeywords.has(keyword)) out.push({ node: value, path: [keyword] })
    else if (schemaListKeywords.has(keyword) && Array.isArray(value))
      (value as ReadonlyArray<Json>).forEach((node, index) => out.push({ node, path: [keyword, index] }))
    else if (schemaMapKeywords.has(keyword) && isJsonObject(value))
      for (const [name, node] of Object.entries(value))
        if (!Array.isArray(node)) out.push({ node, path: [keyword, name] })
  }
  return out
}

/**
 * A copy of a schema with every `pattern` and `patternProperties` key, in schema positions
 * only (never inside `const`, `enum` or `default`), replaced by `replace`.
 */
export const replacePatterns = (schema: Json, replace: (pattern: string) => string): Json => {
  if (!isJsonObject(schema)) return schema
  const out: Record<string, Json> = {}
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === "pattern" && typeof value === "string") out[keyword] = replace(value)
    else if (subschemaKeywords.has(keyword)) out[keyword] = replacePatterns(value, replace)
    else if (schemaListKeywords.has(keyword) && Array.isArray(value))
      out[keyword] = (value as ReadonlyArray<Json>).map((node) => replacePatterns(node, replace))
    else if (schemaMapKeywords.has(keyword) && isJsonObject(value))
      out[keyword] = Object.fromEntries(
        Object.entries(value).map(([name, node]) => [
          keyword === "patternProperties" ? replace(name) : name,
          Array.isArray(node) ? node : replacePatterns(node, replace)
        ])
      )
    else out[keyword] = value
  }
  return out
}
