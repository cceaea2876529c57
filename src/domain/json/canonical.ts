import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js"
import canonicalize from "canonicalize"
import type { Json, JsonObject } from "./Json.ts"

/**
 * RFC 8785 (JCS) canonical JSON text. Content hashes and the event hash chain are computed
 * over this form, so key order and number spelling never change a hash.
 */
export const canonicalJson = (value: Json): string => {
  const text = canonicalize(value)
  if (text === undefined) throw new TypeError("canonicalJson: value is not JSON")
  return text
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
