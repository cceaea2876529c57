import type { Json, JsonObject } from "../../json/Json.ts"

/**
 * The size of a context as UTF-8 JSON, computed from its top-level entries: each value's size is
 * kept per object (values are immutable and shared between states), so checking a context after
 * a decision costs the size of what the decision wrote, not of the whole context.
 */
const sizes = new WeakMap<object, number>()

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

const jsonBytes = (value: Json): number => {
  if (value === null || typeof value !== "object") return utf8Length(JSON.stringify(value))
  const known = sizes.get(value)
  if (known !== undefined) return known
  const bytes = utf8Length(JSON.stringify(value))
  sizes.set(value, bytes)
  return bytes
}

// Keys without quotes, backslashes or control characters need no escapes in JSON.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const plainKey = /^[^"\\\u0000-\u001f]*$/

const keyBytes = (key: string): number =>
  plainKey.test(key) ? utf8Length(key) + 2 : utf8Length(JSON.stringify(key))

const entryBytes = (key: string, value: Json, first: boolean): number =>
  (first ? 0 : 1) + keyBytes(key) + 1 + jsonBytes(value)

/**
 * The size of `context`; with the context it was made from (same keys or more, as writes
 * never remove one) whose size is known, only the entries that changed are measured.
 */
export const contextBytes = (context: JsonObject, previous?: JsonObject): number => {
  const known = sizes.get(context)
  if (known !== undefined) return known
  const base = previous === undefined ? undefined : sizes.get(previous)
  if (previous !== undefined && base !== undefined) {
    let bytes = base
    let first = Object.keys(previous).length === 0
    for (const key in context) {
      const value = context[key] as Json
      if (!Object.prototype.hasOwnProperty.call(previous, key)) {
        bytes += entryBytes(key, value, first)
        first = false
      } else if (previous[key] !== value) bytes += jsonBytes(value) - jsonBytes(previous[key] as Json)
    }
    sizes.set(context, bytes)
    return bytes
  }
  let bytes = 2
  let first = true
  for (const key in context) {
    bytes += (first ? 0 : 1) + keyBytes(key) + 1 + jsonBytes(context[key] as Json)
    first = false
  }
  sizes.set(context, bytes)
  return bytes
}
