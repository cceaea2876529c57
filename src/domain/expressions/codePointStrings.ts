import { CelScalar, celMethod } from "@bufbuild/cel"

/**
 * CEL indexes strings by code point; the library's string extension indexes by UTF-16 unit, so
 * on text with characters beyond U+FFFF (emoji, many CJK extensions) it counts differently from
 * `size()` and can split a character into lone surrogates, which jsonb refuses. These versions
 * count code points; on text without surrogates both counts agree and the native search is used.
 */
const { INT, STRING } = CelScalar

const hasSurrogates = (text: string): boolean => /[\uD800-\uDFFF]/.test(text)

const outOfRange = (index: number, length: number): Error =>
  new Error(`Expected an index from 0 to ${length}, but got ${index}`)

/** UTF-16 offset of code point `index` (text.length past the end). */
const unitOffset = (text: string, index: number): number => {
  let units = 0
  let points = 0
  for (const char of text) {
    if (points === index) return units
    units += char.length
    points++
  }
  return text.length
}

const pointIndex = (text: string, unit: number): number =>
  unit < 0 ? -1 : Array.from(text.slice(0, unit)).length

const pointLength = (text: string): number => (hasSurrogates(text) ? Array.from(text).length : text.length)

const checkIndex = (index: bigint, length: number, inclusive: boolean): number => {
  const at = Number(index)
  if (at < 0 || at > length || (!inclusive && at === length && length > 0)) throw outOfRange(at, length)
  return at
}

export const codePointStringFunctions = [
  celMethod("charAt", STRING, [INT], STRING, function (index) {
    const at = checkIndex(index, pointLength(this), true)
    return hasSurrogates(this) ? (Array.from(this)[at] ?? "") : this.charAt(at)
  }),
  celMethod("indexOf", STRING, [STRING], INT, function (search) {
    return BigInt(pointIndex(this, this.indexOf(search)))
  }),
  celMethod("indexOf", STRING, [STRING, INT], INT, function (search, start) {
    const at = checkIndex(start, pointLength(this), false)
    return BigInt(pointIndex(this, this.indexOf(search, unitOffset(this, at))))
  }),
  celMethod("lastIndexOf", STRING, [STRING], INT, function (search) {
    return BigInt(pointIndex(this, this.lastIndexOf(search)))
  }),
  celMethod("lastIndexOf", STRING, [STRING, INT], INT, function (search, start) {
    const at = checkIndex(start, pointLength(this), false)
    return BigInt(pointIndex(this, this.lastIndexOf(search, unitOffset(this, at))))
  }),
  celMethod("substring", STRING, [INT], STRING, function (start) {
    const from = checkIndex(start, pointLength(this), true)
    return this.slice(unitOffset(this, from))
  }),
  celMethod("substring", STRING, [INT, INT], STRING, function (start, end) {
    const length = pointLength(this)
    const from = checkIndex(start, length, true)
    const to = checkIndex(end, length, true)
    if (from > to) throw new Error(`Expected substring's start at most its end, but ${from} > ${to}`)
    return this.slice(unitOffset(this, from), unitOffset(this, to))
  })
]
