import { Either } from "effect"
import type { JsonObject } from "../json/Json.ts"
import { isJsonObject } from "../json/Json.ts"
import { compilePattern } from "./regex.ts"

/**
 * Where a JSON Schema declares numbers `integer`. A view is every schema object that applies at
 * one position of a value: the schema itself and, recursively, its `allOf`/`anyOf`/`oneOf`
 * branches. Keys follow `properties`, then `patternProperties`, then `additionalProperties`;
 * indexes follow `prefixItems`, tuple-form `items` and `additionalItems`, then `items`.
 * `$ref` is not followed. A number is an int when some schema in its view declares `integer`
 * and none declares `number`.
 */
export type SchemaView = ReadonlyArray<JsonObject>

export const noSchema: SchemaView = []

const maxCompositionDepth = 16

const flatten = (schema: unknown, into: Array<JsonObject>, depth: number): void => {
  if (!isJsonObject(schema) || depth > maxCompositionDepth) return
  into.push(schema)
  for (const keyword of ["allOf", "anyOf", "oneOf"]) {
    const branches = schema[keyword]
    if (Array.isArray(branches)) for (const branch of branches) flatten(branch, into, depth + 1)
  }
}

const viewOf = (schemas: ReadonlyArray<unknown>): SchemaView => {
  const view: Array<JsonObject> = []
  for (const schema of schemas) flatten(schema, view, 0)
  return view
}

export const rootView = (schema: JsonObject | undefined): SchemaView =>
  schema === undefined ? noSchema : viewOf([schema])

export const propertyView = (view: SchemaView, key: string): SchemaView => {
  if (view.length === 0) return noSchema
  const applying: Array<unknown> = []
  for (const schema of view) {
    const properties = schema["properties"]
    if (isJsonObject(properties) && Object.hasOwn(properties, key)) {
      applying.push(properties[key])
      continue
    }
    const patterned = patternMatches(schema["patternProperties"], key)
    if (patterned.length > 0) applying.push(...patterned)
    else if (isJsonObject(schema["additionalProperties"])) applying.push(schema["additionalProperties"])
  }
  return viewOf(applying)
}

export const itemView = (view: SchemaView, index: number): SchemaView => {
  if (view.length === 0) return noSchema
  const applying: Array<unknown> = []
  for (const schema of view) {
    const prefix = schema["prefixItems"]
    const items = schema["items"]
    if (Array.isArray(prefix) && index < prefix.length) applying.push(prefix[index])
    else if (Array.isArray(items))
      applying.push(index < items.length ? items[index] : schema["additionalItems"])
    else applying.push(items)
  }
  return viewOf(applying)
}

const declares = (schema: JsonObject, type: string): boolean => {
  const declared = schema["type"]
  return declared === type || (Array.isArray(declared) && declared.includes(type))
}

export const isIntegerView = (view: SchemaView): boolean =>
  view.some((schema) => declares(schema, "integer")) && !view.some((schema) => declares(schema, "number"))

const patternMatches = (patterns: unknown, key: string): ReadonlyArray<unknown> => {
  if (!isJsonObject(patterns)) return []
  const matching: Array<unknown> = []
  for (const [source, schema] of Object.entries(patterns)) {
    const pattern = compilePattern(source)
    if (Either.isRight(pattern) && pattern.right.test(key)) matching.push(schema)
  }
  return matching
}
