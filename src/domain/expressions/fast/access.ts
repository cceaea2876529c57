import type { Code, Variables } from "./compileFast.ts"
import { isIntAt, type PathSegment } from "./integerPaths.ts"
import { unsure } from "./unsure.ts"
import { checked, isDataObject, LiteralList } from "./values.ts"
import type { FastValue } from "./values.ts"

/** A field name, or an index expression (`x[k]`). */
export type Accessor = string | Code

/**
 * Reads a chain of fields and indexes as the library's attributes do: a field or string key of
 * a map must be its own key; an int index must be within a list; any other access (a missing
 * key, a double index, a field of a list) is unsure, where the library reports its error.
 */
const step = (container: unknown, key: FastValue): { value: unknown; segment: PathSegment } => {
  if (typeof key === "string") {
    if (isDataObject(container) && Object.hasOwn(container, key))
      return { value: container[key], segment: key }
    return unsure()
  }
  if (typeof key === "bigint") {
    const items =
      container instanceof LiteralList ? container.items : Array.isArray(container) ? container : undefined
    if (items === undefined || key < 0n || key >= BigInt(items.length)) return unsure()
    const index = Number(key)
    return { value: items[index], segment: index }
  }
  return unsure()
}

/**
 * A chain from a bound variable. Where the consumer tells ints from doubles (`typed`), a number
 * read is an int exactly where Bindings.ts would make it one: a safe integer its binding's
 * schema declares `integer` at that path.
 */
export const readVariable = (name: string, accessors: ReadonlyArray<Accessor>, typed: boolean): Code => {
  const fixedPath = accessors.every((accessor) => typeof accessor === "string")
    ? (accessors as ReadonlyArray<string>)
    : undefined
  return (variables: Variables) => {
    if (!Object.hasOwn(variables, name)) return unsure()
    const bound = variables[name]
    if (bound === undefined || !("json" in bound)) return unsure()
    const schema = bound.schema
    const path: Array<PathSegment> | undefined =
      typed && schema !== undefined && fixedPath === undefined ? [] : undefined
    let value: unknown = bound.json
    for (const accessor of accessors) {
      if (typeof accessor === "string") {
        if (!isDataObject(value) || !Object.hasOwn(value, accessor)) return unsure()
        value = value[accessor]
        path?.push(accessor)
      } else {
        const next = step(value, accessor(variables))
        value = next.value
        path?.push(next.segment)
      }
    }
    const result = checked(value)
    return typed && typeof result === "number" && isIntAt(result, schema, fixedPath ?? path ?? [])
      ? BigInt(result)
      : result
  }
}

/**
 * A chain from a computed value (a list literal, a conditional …). A number read out of data
 * there has lost the path that types it: where the consumer needs its type, that is unsure.
 */
export const readFrom =
  (start: Code, accessors: ReadonlyArray<Accessor>, typed: boolean): Code =>
  (variables) => {
    let value: unknown = start(variables)
    let fromData = false
    for (const accessor of accessors) {
      const key = typeof accessor === "string" ? accessor : accessor(variables)
      fromData ||= !(value instanceof LiteralList)
      value = step(value, key).value
    }
    const result = fromData ? checked(value) : (value as FastValue)
    return typed && fromData && typeof result === "number" ? unsure() : result
  }
