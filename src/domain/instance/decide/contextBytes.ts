import type { Json, JsonObject } from "../../json/Json.ts"

/**
 * The size of a context as UTF-8 JSON, computed from its top-level entries: the size of each
 * large value (and context) is kept per object (values are immutable and shared between states),
 * so checking a context after a decision costs the size of what the decision wrote, not of the
 * whole context. Small ones are counted again: a `WeakMap` entry for a young object costs about
 * as much as counting a kilobyte of JSON.
 */
const sizes = new WeakMap<object, number>()
const remembered = 1024

// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const ascii = /^[\u0000-\u007f]*$/

export const utf8Length = (text: string): number => {
  // Most JSON is ASCII: one byte a character, without a loop in JavaScript.
  if (ascii.test(text)) return text.length
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0x80) bytes += code >= 0x800 && (code < 0xd800 || code > 0xdfff) ? 2 : 1
  }
  return bytes
}

// Printable ASCII without quotes or backslashes: JSON writes such text as it is, between quotes.
const plainText = /^[\u0020-\u0021\u0023-\u005b\u005d-\u007e]*$/

/** The UTF-8 length of a string written as JSON (quotes and escapes included). */
const textBytes = (text: string): number => {
  // Keys and short values: a loop costs less than calling the regular expression.
  if (text.length > 32) return plainText.test(text) ? text.length + 2 : utf8Length(JSON.stringify(text))
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return utf8Length(JSON.stringify(text))
  }
  return text.length + 2
}

const jsonBytes = (value: Json): number => {
  switch (typeof value) {
    case "string":
      return textBytes(value)
    case "number":
      return Number.isFinite(value) ? String(value).length : 4 // as JSON writes numbers
    case "boolean":
      return value ? 4 : 5
  }
  if (value === null) return 4
  const known = sizes.get(value)
  if (known !== undefined) return known
  const bytes = Array.isArray(value) ? listBytes(value) : objectBytes(value as JsonObject)
  if (bytes >= remembered) sizes.set(value, bytes)
  return bytes
}

// Counted as JSON.stringify would write them, without building the text.
const listBytes = (list: ReadonlyArray<Json>): number => {
  let bytes = 1
  for (let i = 0; i < list.length; i++) bytes += 1 + jsonBytes(list[i] as Json)
  return list.length === 0 ? 2 : bytes
}

const objectBytes = (object: JsonObject): number => {
  let bytes = 1
  for (const key in object) bytes += 1 + entryBytes(key, object[key] as Json)
  return bytes === 1 ? 2 : bytes
}

const entryBytes = (key: string, value: Json): number => textBytes(key) + 1 + jsonBytes(value)

/**
 * The size of `context`. Given another context whose size is known (`previous`: the same
 * thread's context before the decision, or the one it started from), only the entries that
 * differ are measured — exact for any `previous` whose keys `context` has; when `previous` has a
 * key `context` lacks, `context` is measured whole.
 */
export const contextBytes = (context: JsonObject, previous?: JsonObject): number => {
  const known = sizes.get(context)
  if (known !== undefined) return known
  const base = previous === undefined ? undefined : sizes.get(previous)
  const bytes =
    base === undefined ? objectBytes(context) : changedBytes(context, previous as JsonObject, base)
  if (bytes >= remembered) sizes.set(context, bytes)
  return bytes
}

const changedBytes = (context: JsonObject, previous: JsonObject, base: number): number => {
  let bytes = base
  let shared = 0
  for (const key in context) {
    const value = context[key] as Json
    if (!Object.prototype.hasOwnProperty.call(previous, key)) bytes += 1 + entryBytes(key, value)
    else {
      shared += 1
      const before = previous[key] as Json
      if (before !== value) bytes += jsonBytes(value) - jsonBytes(before)
    }
  }
  const previousKeys = Object.keys(previous).length
  if (shared !== previousKeys) return objectBytes(context)
  // `{}` is 2 bytes, not 1 + a separator: the first entry of an empty object needs no comma.
  return previousKeys === 0 && bytes !== base ? bytes - 1 : bytes
}
