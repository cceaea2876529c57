import { isJsonObject, type Json } from "../../json/Json.ts"
import type { PathSegment } from "../../Problem.ts"

/** One segment of a JSON pointer in a URI fragment: percent-decoded, then `~1` and `~0` unescaped. */
export const pointerSegment = (raw: string): string => {
  let text = raw
  try {
    text = decodeURIComponent(raw)
  } catch {
    // Not percent-encoded text: the segment is read as written.
  }
  return text.replace(/~1/g, "/").replace(/~0/g, "~")
}

/**
 * Follows a location in a URI fragment (`#/properties/a/0`) from `root`: the path of keys and
 * indices it names, and the value there (own properties only; `undefined` where it leads nowhere).
 * Empty segments are skipped, as the validator's locations never hold an empty key.
 */
export const resolvePointer = (
  root: Json,
  location: string
): { readonly path: Array<PathSegment>; readonly node: Json | undefined } => {
  const path: Array<PathSegment> = []
  let node: Json | undefined = root
  for (const raw of location.replace(/^#\/?/, "").split("/")) {
    if (raw === "") continue
    const key = pointerSegment(raw)
    if (Array.isArray(node)) {
      path.push(Number(key))
      node = (node as ReadonlyArray<Json>)[Number(key)]
    } else {
      path.push(key)
      node = isJsonObject(node) && Object.hasOwn(node, key) ? node[key] : undefined
    }
  }
  return { path, node }
}
