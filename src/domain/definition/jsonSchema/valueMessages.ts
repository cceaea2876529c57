import type { OutputUnit } from "@cfworker/json-schema"
import type { Json, JsonObject } from "../../json/Json.ts"
import type { PathSegment, Problem } from "../../Problem.ts"
import { actual, oneOf } from "../decode/describe.ts"
import { resolvePointer } from "./pointer.ts"

const typeNames: Record<string, string> = {
  string: "a text",
  number: "a number",
  integer: "an integer",
  boolean: "true or false",
  null: "null",
  object: "an object",
  array: "a list"
}

/** The schema keyword's value an error points at (`#/properties/a/minLength` → its number). */
const keywordValue = (schema: JsonObject, keywordLocation: string): Json | undefined =>
  resolvePointer(schema, keywordLocation).node

const plural = (count: Json | undefined, noun: string) => `${String(count)} ${noun}${count === 1 ? "" : "s"}`

const lowerFirst = (text: string) => text.replace(/\.$/, "").replace(/^./, (c) => c.toLowerCase())

/** One validation error of a value as a problem "Expected …, but …" at the value's path. */
export const valueMessage = (
  error: OutputUnit,
  path: ReadonlyArray<PathSegment>,
  value: Json | undefined,
  schema: JsonObject
): Problem => {
  const limit = keywordValue(schema, error.keywordLocation)
  switch (error.keyword) {
    case "type": {
      const types = (Array.isArray(limit) ? limit : [limit]).map((t) => typeNames[String(t)] ?? String(t))
      return { path, message: `Expected ${oneOf(types)}, but got ${actual(value)}` }
    }
    case "required": {
      const missing = /required property "(.*)"/.exec(error.error)?.[1] ?? "?"
      return { path: [...path, missing], message: `Expected the field ${missing}, but it is missing` }
    }
    case "enum":
      return {
        path,
        message: `Expected one of ${Array.isArray(limit) ? oneOf(limit.map((v) => JSON.stringify(v))) : "the listed values"}, but got ${actual(value)}`
      }
    case "const":
      return { path, message: `Expected ${JSON.stringify(limit)}, but got ${actual(value)}` }
    case "pattern":
      return { path, message: `Expected a text matching the schema's pattern, but got ${actual(value)}` }
    case "format":
      return { path, message: `Expected a text in the format ${String(limit)}, but got ${actual(value)}` }
    case "false":
      return { path, message: "Expected nothing here (the schema allows no value), but found one" }
    case "minimum":
      return { path, message: `Expected a number of at least ${String(limit)}, but got ${actual(value)}` }
    case "maximum":
      return { path, message: `Expected a number of at most ${String(limit)}, but got ${actual(value)}` }
    case "exclusiveMinimum":
      return { path, message: `Expected a number greater than ${String(limit)}, but got ${actual(value)}` }
    case "exclusiveMaximum":
      return { path, message: `Expected a number less than ${String(limit)}, but got ${actual(value)}` }
    case "minLength":
    case "maxLength":
      return {
        path,
        message: `Expected a text of ${error.keyword === "minLength" ? "at least" : "at most"} ${plural(limit, "character")}, but got ${actual(value)}`
      }
    case "minItems":
    case "maxItems":
      return {
        path,
        message: `Expected a list of ${error.keyword === "minItems" ? "at least" : "at most"} ${plural(limit, "item")}, but it has ${Array.isArray(value) ? value.length : 0}`
      }
    case "additionalProperties":
    case "unevaluatedProperties": {
      const key = /Property "(.*)" does not match/.exec(error.error)?.[1]
      return key === undefined
        ? { path, message: `Expected only the fields the schema names, but ${lowerFirst(error.error)}` }
        : { path: [...path, key], message: "Expected only the fields the schema names, but found this one" }
    }
    default:
      return {
        path,
        message: `Expected a value that satisfies ${error.keyword}${typeof limit === "number" ? ` ${limit}` : ""}, but ${lowerFirst(error.error)}`
      }
  }
}
