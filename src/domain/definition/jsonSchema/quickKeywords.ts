import { isJsonObject, type Json, type JsonObject } from "../../json/Json.ts"
import type { QuickCheck } from "./quickCheck.ts"
import { compile, count, hasType, isObject, matches, schemas, ucs2length, unsupported } from "./quickCheck.ts"

/**
 * The predicate of one keyword of a schema object, as @cfworker/json-schema's validate.js
 * evaluates it; undefined for keywords evaluated together with another (`then` with `if`).
 */
export const keywordCheck = (keyword: string, schema: JsonObject, depth: number): QuickCheck | undefined => {
  const value = schema[keyword] as Json
  switch (keyword) {
    case "type": {
      const types = Array.isArray(value) ? (value as ReadonlyArray<Json>) : [value]
      if (!types.every((type) => typeof type === "string")) return unsupported()
      if (types.length === 1) {
        const only = types[0] as string
        return (v) => hasType(v, only)
      }
      return (v) => types.some((type) => hasType(v, type))
    }
    case "const":
      return (v) => matches(v, value)
    case "enum": {
      if (!Array.isArray(value)) return unsupported()
      const allowed = value as ReadonlyArray<Json>
      return (v) => allowed.some((item) => matches(v, item))
    }
    case "required": {
      if (!Array.isArray(value) || !value.every((key) => typeof key === "string")) return unsupported()
      const keys = value as ReadonlyArray<string>
      return (v) => {
        if (!isObject(v)) return true
        for (const key of keys) if (!Object.hasOwn(v, key)) return false
        return true
      }
    }
    case "properties": {
      if (!isJsonObject(value)) return unsupported()
      const keys = Object.keys(value)
      const checks = keys.map((key) => compile(value[key] as Json, depth))
      return (v) => {
        if (!isObject(v)) return true
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i] as string
          if (Object.hasOwn(v, key) && !(checks[i] as QuickCheck)(v[key] as Json)) return false
        }
        return true
      }
    }
    case "additionalProperties": {
      const named = schema["properties"]
      const check = compile(value, depth)
      return (v) => {
        if (!isObject(v)) return true
        for (const key in v)
          if (!(isJsonObject(named) && Object.hasOwn(named, key)) && !check(v[key] as Json)) return false
        return true
      }
    }
    case "minProperties":
    case "maxProperties": {
      const bound = count(value)
      const min = keyword === "minProperties"
      return (v) => !isObject(v) || (min ? Object.keys(v).length >= bound : Object.keys(v).length <= bound)
    }
    case "dependentRequired": {
      if (!isJsonObject(value)) return unsupported()
      const rules = Object.entries(value).map(([key, needed]) =>
        Array.isArray(needed) && needed.every((k) => typeof k === "string")
          ? ([key, needed as ReadonlyArray<string>] as const)
          : unsupported()
      )
      return (v) =>
        !isObject(v) ||
        rules.every(([key, needed]) => !Object.hasOwn(v, key) || needed.every((k) => Object.hasOwn(v, k)))
    }
    case "prefixItems":
      return schema["items"] === undefined ? itemsCheck(schema, depth) : undefined
    case "items":
      return itemsCheck(schema, depth)
    case "additionalItems":
    case "then":
    case "else":
      return undefined // evaluated with `items` and `if`, as the validator does
    case "minItems":
    case "maxItems": {
      const bound = count(value)
      const min = keyword === "minItems"
      return (v) => !Array.isArray(v) || (min ? v.length >= bound : v.length <= bound)
    }
    case "minLength":
    case "maxLength": {
      const bound = count(value)
      const min = keyword === "minLength"
      return (v) => typeof v !== "string" || (min ? ucs2length(v) >= bound : ucs2length(v) <= bound)
    }
    case "minimum":
      return numberCheck(value, (v, bound) => !(v < bound))
    case "maximum":
      return numberCheck(value, (v, bound) => !(v > bound))
    case "exclusiveMinimum":
      return numberCheck(value, (v, bound) => !(v <= bound))
    case "exclusiveMaximum":
      return numberCheck(value, (v, bound) => !(v >= bound))
    case "allOf": {
      const all = schemas(value, depth)
      return (v) => all.every((check) => check(v))
    }
    case "anyOf": {
      const any = schemas(value, depth)
      return (v) => any.some((check) => check(v))
    }
    case "oneOf": {
      const one = schemas(value, depth)
      return (v) => one.filter((check) => check(v)).length === 1
    }
    case "not": {
      const not = compile(value, depth)
      return (v) => !not(v)
    }
    case "if": {
      const condition = compile(value, depth)
      const then = schema["then"] === undefined ? undefined : compile(schema["then"], depth)
      const otherwise = schema["else"] === undefined ? undefined : compile(schema["else"], depth)
      return (v) => (condition(v) ? (then?.(v) ?? true) : (otherwise?.(v) ?? true))
    }
    default:
      return unsupported()
  }
}

const numberCheck = (bound: Json, holds: (value: number, bound: number) => boolean): QuickCheck => {
  const limit = count(bound)
  return (v) => typeof v !== "number" || holds(v, limit)
}

/** `prefixItems`, then `items` (a schema, or a list indexed from 0 as the validator does), then `additionalItems`. */
const itemsCheck = (schema: JsonObject, depth: number): QuickCheck => {
  const prefix = schema["prefixItems"] === undefined ? [] : schemas(schema["prefixItems"], depth)
  const raw = schema["items"]
  const tuple = Array.isArray(raw) ? schemas(raw, depth) : undefined
  const items = raw === undefined || tuple !== undefined ? undefined : compile(raw, depth)
  const additional =
    raw === undefined || schema["additionalItems"] === undefined
      ? undefined
      : compile(schema["additionalItems"], depth)
  return (v) => {
    if (!Array.isArray(v)) return true
    const list = v as ReadonlyArray<Json>
    let i = 0
    for (const end = Math.min(prefix.length, list.length); i < end; i++)
      if (!(prefix[i] as QuickCheck)(list[i] as Json)) return false
    if (tuple !== undefined) {
      for (const end = Math.min(tuple.length, list.length); i < end; i++)
        if (!(tuple[i] as QuickCheck)(list[i] as Json)) return false
    } else if (items !== undefined) for (; i < list.length; i++) if (!items(list[i] as Json)) return false
    if (additional !== undefined) for (; i < list.length; i++) if (!additional(list[i] as Json)) return false
    return true
  }
}
