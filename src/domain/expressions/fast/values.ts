import type { Json } from "../../json/Json.ts"
import { reservedKeys } from "../../json/jsonbSafety.ts"
import { unsure } from "./unsure.ts"

/**
 * Values of the fast path. CEL `int` is a bigint and `double` a number, as in @bufbuild/cel;
 * strings, booleans and null are themselves. Data is read straight from the bound JSON, never
 * converted: an object is a CEL map, an array a list. A list literal is a `LiteralList`, so it
 * is never mistaken for data. Where the consumer of a value does not care whether a number is an
 * int or a double (comparison, equality, `in`, a result), numbers read from data stay numbers.
 */
export type FastValue = null | boolean | string | number | bigint | LiteralList | Json

export class LiteralList {
  constructor(readonly items: ReadonlyArray<FastValue>) {}
}

export const isDataObject = (value: unknown): value is { readonly [key: string]: Json } =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)

const isNumeric = (value: unknown): value is number | bigint =>
  typeof value === "number" || typeof value === "bigint"

const isList = (value: unknown): value is LiteralList | ReadonlyArray<Json> =>
  value instanceof LiteralList || Array.isArray(value)

/** Elements of a list (a literal or data). */
export const listItems = (value: LiteralList | ReadonlyArray<Json>): ReadonlyArray<FastValue> =>
  value instanceof LiteralList ? value.items : value

/** CEL equality as @bufbuild/cel's `equals`: numbers across int and double, lists and maps deeply, else false. */
export const equalValues = (left: FastValue, right: FastValue): boolean => {
  if (left === right) return true
  if (isNumeric(left) && isNumeric(right)) return left == right
  if (isList(left)) {
    if (!isList(right)) return false
    const a = listItems(left)
    const b = listItems(right)
    if (a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!equalValues(checked(a[i]), checked(b[i]))) return false
    return true
  }
  if (isDataObject(left)) {
    if (!isDataObject(right)) return false
    const keys = Object.keys(left)
    if (keys.length !== Object.keys(right).length) return false
    for (const key of keys)
      if (!Object.hasOwn(right, key) || !equalValues(checked(left[key]), checked(right[key]))) return false
    return true
  }
  if (typeof left === "object" && left !== null) return unsure()
  return false
}

/** A value read from data: JSON, or the fast path is unsure (undefined, functions, class instances …). */
export const checked = (value: unknown): FastValue => {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "number":
      return value
    case "object":
      if (value === null || Array.isArray(value) || isDataObject(value)) return value as Json
      return unsure()
    default:
      return unsure()
  }
}

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER)
const minSafe = -maxSafe

/**
 * A result as JSON, exactly as celToJson would give it — or unsure where celToJson would refuse
 * it or change it (non-finite numbers, ints beyond ±(2^53 − 1), reserved keys, -0 inside data,
 * objects that are not plain).
 * Data comes back as the same object: celToJson would copy it unchanged.
 */
export const resultJson = (value: FastValue, depth = 0): Json => {
  if (depth > 256) return unsure()
  switch (typeof value) {
    case "string":
    case "boolean":
      return value
    case "number":
      if (!Number.isFinite(value)) return unsure()
      return value === 0 ? 0 : value
    case "bigint":
      return value >= minSafe && value <= maxSafe ? Number(value) : unsure()
  }
  if (value === null) return null
  if (value instanceof LiteralList) return value.items.map((item) => resultJson(item, depth + 1))
  checkData(value, depth)
  return value as Json
}

const checkData = (value: unknown, depth: number): void => {
  if (depth > 256) return unsure()
  if (typeof value === "number") {
    if (!Number.isFinite(value) || Object.is(value, -0)) unsure()
    return
  }
  if (typeof value === "string" || typeof value === "boolean" || value === null) return
  if (Array.isArray(value)) {
    for (const item of value) checkData(item, depth + 1)
    return
  }
  // celToJson builds plain objects: data of another prototype would come back different.
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return unsure()
  const object = value as { readonly [key: string]: unknown }
  for (const key in object) {
    if (reservedKeys.has(key)) return unsure()
    checkData(object[key], depth + 1)
  }
}
