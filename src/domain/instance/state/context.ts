import type { Json, JsonObject } from "../../json/Json.ts"
import { isJsonObject } from "../../json/Json.ts"

/**
 * Context paths (`order.payment`) read and written without deep copies: a write copies only the
 * objects along its path, and a new key is inserted in code-point order so contexts stay
 * canonical (the order `sortKeys` gives) whether built live or folded from storage.
 */
export const getPath = (context: JsonObject, path: string): Json | undefined => {
  // Most paths are one key: read without splitting.
  if (path.indexOf(".") < 0)
    return Object.prototype.hasOwnProperty.call(context, path) ? context[path] : undefined
  let node: Json | undefined = context
  for (const segment of path.split(".")) {
    if (!isJsonObject(node as Json) || !Object.prototype.hasOwnProperty.call(node, segment)) return undefined
    node = (node as JsonObject)[segment]
  }
  return node
}

/** Writes `value` (already canonical) at `path`; a non-object on the way is replaced by an object. */
export const setPath = (context: JsonObject, path: string, value: Json): JsonObject => {
  const dot = path.indexOf(".")
  if (dot < 0) return withKey(context, path, value)
  const head = path.slice(0, dot)
  const child = Object.prototype.hasOwnProperty.call(context, head) ? context[head] : undefined
  return withKey(
    context,
    head,
    setPath(isJsonObject(child as Json) ? (child as JsonObject) : {}, path.slice(dot + 1), value)
  )
}

const withKey = (object: JsonObject, key: string, value: Json): JsonObject => {
  if (Object.prototype.hasOwnProperty.call(object, key)) {
    // A copy of the same shape, one value replaced (a spread with a computed key costs more).
    const out: Record<string, Json> = { ...object }
    out[key] = value
    return out
  }
  const out: Record<string, Json> = {}
  let placed = false
  for (const existing in object) {
    if (!placed && key < existing) {
      out[key] = value
      placed = true
    }
    out[existing] = object[existing] as Json
  }
  if (!placed) out[key] = value
  return out
}

/** Adds a path to a sorted list of written paths (unchanged when present). */
export const addWritten = (written: ReadonlyArray<string>, path: string): ReadonlyArray<string> => {
  let low = 0
  let high = written.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if ((written[mid] as string) < path) low = mid + 1
    else high = mid
  }
  if (written[low] === path) return written
  return [...written.slice(0, low), path, ...written.slice(low)]
}

/** Copies the written paths of `from` into `to`, shorter prefixes first (the list is sorted). */
export const mergeWritten = (
  to: JsonObject,
  from: JsonObject,
  written: ReadonlyArray<string>
): JsonObject => {
  let out = to
  for (const path of written) {
    const value = getPath(from, path)
    if (value !== undefined) out = setPath(out, path, value)
  }
  return out
}

/** The object of the context paths a map item wrote: its result when it had no `succeed` output. */
export const writtenObject = (context: JsonObject, written: ReadonlyArray<string>): JsonObject =>
  mergeWritten({}, context, written)
