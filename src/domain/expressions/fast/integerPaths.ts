import type { JsonObject } from "../../json/Json.ts"
import { isIntegerView, itemView, propertyView, rootView } from "../schemaNumbers.ts"

/**
 * Whether the number at a path of a bound value is a CEL `int` — the typing Bindings.ts gives
 * it (schemaNumbers.ts): a safe integer that the binding's schema declares `integer` there. Kept
 * per schema and path: schemas belong to a definition version and paths to its expressions.
 */
const known = new WeakMap<JsonObject, Map<string, boolean>>()
const maxPathsPerSchema = 4096

export type PathSegment = string | number

export const isIntAt = (value: number, schema: JsonObject | undefined, path: ReadonlyArray<PathSegment>) =>
  schema !== undefined && Number.isSafeInteger(value) && declaresInteger(schema, path)

const declaresInteger = (schema: JsonObject, path: ReadonlyArray<PathSegment>): boolean => {
  let paths = known.get(schema)
  if (paths === undefined) known.set(schema, (paths = new Map()))
  const key = JSON.stringify(path)
  const cached = paths.get(key)
  if (cached !== undefined) return cached
  let view = rootView(schema)
  for (const segment of path)
    view = typeof segment === "number" ? itemView(view, segment) : propertyView(view, segment)
  const integer = view.length > 0 && isIntegerView(view)
  if (paths.size < maxPathsPerSchema) paths.set(key, integer)
  return integer
}
