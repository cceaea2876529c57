import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js"
import canonicalize from "canonicalize"
import type { Json, JsonObject } from "./Json.ts"

/**
 * RFC 8785 (JCS) canonical JSON text. Content hashes and the event hash chain are computed
 * over this form, so key order and number spelling never change a hash.
 *
 * JCS writes strings and numbers exactly as ECMAScript's `JSON.stringify` does (RFC 8785 §3.2.2)
 * and differs from it only in key order and in refusing lone surrogates and non-finite numbers.
 * So plain JSON already in canonical key order (as `sortKeys` keeps contexts) is its own
 * `JSON.stringify`; other plain JSON is written here with its keys sorted; the `canonicalize`
 * library judges anything else (lone surrogates, non-finite numbers, non-plain objects). A
 * property test pins all three to the library's output.
 */
export const canonicalJson = (value: Json): string => {
  if (isInCanonicalOrder(value, 0)) return JSON.stringify(value)
  const text = writeCanonical(value, 0) ?? canonicalize(value)
  if (text === undefined) throw new TypeError("canonicalJson: value is not JSON")
  return text
}

const surrogate = /[\uD800-\uDFFF]/
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const maxDepth = 256

/** Well-formed UTF-16: surrogates only in pairs (the cheap test first, as most text has none). */
const wellFormed = (text: string): boolean => !surrogate.test(text) || !loneSurrogate.test(text)

const isPlainObject = (value: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Whether `JSON.stringify(value)` is already its JCS text: plain objects whose keys (in the order
 * `JSON.stringify` writes them) strictly increase in code-unit order, arrays, finite numbers and
 * well-formed strings. `false` only means "not this way".
 */
export const isInCanonicalOrder = (value: unknown, depth: number): boolean => {
  if (value === null || typeof value === "boolean") return true
  if (typeof value === "number") return Number.isFinite(value)
  if (typeof value === "string") return wellFormed(value)
  if (typeof value !== "object" || depth > maxDepth) return false
  if (Array.isArray(value)) {
    for (const item of value as ReadonlyArray<unknown>) if (!isInCanonicalOrder(item, depth + 1)) return false
    return true
  }
  if (!isPlainObject(value)) return false
  let previous: string | undefined
  for (const key of Object.keys(value)) {
    if ((previous !== undefined && !(previous < key)) || !wellFormed(key)) return false
    if (!isInCanonicalOrder((value as Record<string, unknown>)[key], depth + 1)) return false
    previous = key
  }
  return true
}

/** JCS of plain JSON, keys sorted by code unit; `undefined` for anything the library must judge. */
const writeCanonical = (value: unknown, depth: number): string | undefined => {
  if (value === null) return "null"
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false"
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : undefined
    case "string":
      return wellFormed(value) ? JSON.stringify(value) : undefined
    case "object": {
      if (depth > maxDepth) return undefined
      if (Array.isArray(value)) {
        const items = value as ReadonlyArray<unknown>
        let text = "["
        for (let i = 0; i < items.length; i++) {
          const item = writeCanonical(items[i], depth + 1)
          if (item === undefined) return undefined
          text += i === 0 ? item : `,${item}`
        }
        return `${text}]`
      }
      if (!isPlainObject(value)) return undefined
      // The default sort compares strings by UTF-16 code units: JCS order.
      const keys = Object.keys(value).sort()
      let text = "{"
      for (const key of keys) {
        const item = writeCanonical((value as Record<string, unknown>)[key], depth + 1)
        if (item === undefined || !wellFormed(key)) return undefined
        text += `${text.length === 1 ? "" : ","}${JSON.stringify(key)}:${item}`
      }
      return `${text}}`
    }
    default:
      return undefined
  }
}

/** Lower-case hex SHA-256 of a UTF-8 string (pure JS: no host crypto in the domain). */
export const sha256Hex = (text: string): string => bytesToHex(sha256(utf8ToBytes(text)))

/** SHA-256 of the canonical JSON of a value. */
export const contentHash = (value: Json): string => sha256Hex(canonicalJson(value))

/**
 * A deep copy with every object's keys in code-point order. Contexts are kept in this form
 * when `decide` produces them and when payloads are decoded from the store (jsonb returns
 * keys shortest-first), so live and replayed states are structurally identical.
 */
export const sortKeys = <A extends Json>(value: A): A => sortKeysAny(value) as A

const sortKeysAny = (value: Json): Json => {
  if (value === null || typeof value !== "object") return value
  if (Array.isArray(value)) return (value as ReadonlyArray<Json>).map(sortKeysAny)
  const object = value as JsonObject
  const out: Record<string, Json> = {}
  for (const key of Object.keys(object).sort(compareCodeUnits)) out[key] = sortKeysAny(object[key] as Json)
  return out
}

/** UTF-16 code-unit order, the order RFC 8785 sorts keys in. */
const compareCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
