import { allocateString, chargeCall } from "./budget.ts"
import { unsure } from "./unsure.ts"
import type { FastValue } from "./values.ts"
import { equalValues, isDataObject, LiteralList, listItems } from "./values.ts"

/**
 * CEL's operators on fast values, as @bufbuild/cel's standard library defines them (std/math.js,
 * std/logic.js, equals.js), each charged as the metered environment charges it. Anything the
 * library would refuse — no overload, division by zero, 64-bit overflow — is unsure.
 */
const maxInt = 9223372036854775807n
const minInt = -9223372036854775808n

const int = (value: bigint): bigint => (value >= minInt && value <= maxInt ? value : unsure())

/** Size of a list or map for the meter's element count (0 for anything else). */
const elementsOf = (value: FastValue): number =>
  value instanceof LiteralList
    ? value.items.length
    : Array.isArray(value)
      ? value.length
      : isDataObject(value)
        ? Object.keys(value).length
        : 0

export type Arithmetic = "_+_" | "_-_" | "_*_" | "_/_" | "_%_"

export const arithmetic = (op: Arithmetic, left: FastValue, right: FastValue): FastValue => {
  chargeCall(left, right, 0)
  if (typeof left === "bigint" && typeof right === "bigint") {
    switch (op) {
      case "_+_":
        return int(left + right)
      case "_-_":
        return int(left - right)
      case "_*_":
        return int(left * right)
      case "_/_":
        return right === 0n ? unsure() : int(left / right)
      case "_%_":
        return right === 0n ? unsure() : left % right
    }
  }
  if (typeof left === "number" && typeof right === "number") {
    switch (op) {
      case "_+_":
        return left + right
      case "_-_":
        return left - right
      case "_*_":
        return left * right
      case "_/_":
        return left / right
      case "_%_":
        return unsure()
    }
  }
  if (op === "_+_" && typeof left === "string" && typeof right === "string") {
    allocateString(left.length + right.length)
    return left + right
  }
  return unsure()
}

export const negate = (value: FastValue): FastValue => {
  chargeCall(value, undefined, 0)
  if (typeof value === "bigint") return int(-value)
  return typeof value === "number" ? -value : unsure()
}

export const not = (value: FastValue): boolean => {
  chargeCall(value, undefined, 0)
  return typeof value === "boolean" ? !value : unsure()
}

export const equality = (left: FastValue, right: FastValue): boolean => {
  chargeCall(left, right, elementsOf(left))
  return equalValues(left, right)
}

export type Ordering = "_<_" | "_<=_" | "_>_" | "_>=_"

/** Mixed int and double operands compare as doubles, as the library's overloads do. */
export const compare = (op: Ordering, left: FastValue, right: FastValue): boolean => {
  chargeCall(left, right, 0)
  let l: number | bigint | string | boolean
  let r: number | bigint | string | boolean
  if (typeof left === "bigint" && typeof right === "bigint") [l, r] = [left, right]
  else if (typeof left === "number" || typeof left === "bigint") {
    if (typeof right !== "number" && typeof right !== "bigint") return unsure()
    ;[l, r] = [Number(left), Number(right)]
  } else if (
    (typeof left === "string" && typeof right === "string") ||
    (typeof left === "boolean" && typeof right === "boolean")
  )
    [l, r] = [left, right]
  else return unsure()
  switch (op) {
    case "_<_":
      return l < r
    case "_<=_":
      return l <= r
    case "_>_":
      return l > r
    case "_>=_":
      return l >= r
  }
}

export const contained = (value: FastValue, container: FastValue): boolean => {
  const list = container instanceof LiteralList || Array.isArray(container)
  chargeCall(value, container, list ? listItems(container as LiteralList).length : 0)
  if (list) {
    for (const item of listItems(container as LiteralList)) if (equalValues(item, value)) return true
    return false
  }
  if (!isDataObject(container)) return unsure()
  if (typeof value === "string") return Object.hasOwn(container, value)
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return false
  return unsure()
}

export const size = (value: FastValue): bigint => {
  chargeCall(value, undefined, 0)
  if (typeof value === "string") return BigInt(codePoints(value))
  if (value instanceof LiteralList) return BigInt(value.items.length)
  if (Array.isArray(value)) return BigInt(value.length)
  if (isDataObject(value)) return BigInt(Object.keys(value).length)
  return unsure()
}

/** Code points, as `[...text].length` counts them (a lone surrogate is one). */
const codePoints = (text: string): number => {
  let count = text.length
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--
        i++
      }
    }
  }
  return count
}

export type TextTest = "contains" | "startsWith" | "endsWith"

export const textTest = (name: TextTest, text: FastValue, argument: FastValue): boolean => {
  chargeCall(text, argument, 0)
  if (typeof text !== "string" || typeof argument !== "string") return unsure()
  return name === "contains"
    ? text.includes(argument)
    : name === "startsWith"
      ? text.startsWith(argument)
      : text.endsWith(argument)
}
