import { CelScalar, celMethod, celFunc } from "@bufbuild/cel"
import { Either } from "effect"
import { ensureSize } from "./meter.ts"
import { compilePattern } from "./regex.ts"

/**
 * String functions Foldflow replaces in the library. `matches` runs on re2js (see regex.ts).
 * `replace` is linear — the library's rebuilds the string once per occurrence — and checks
 * its output size before building it. Both follow cel-go: `replace` with an empty search text
 * inserts before every code point and at the end; a negative count replaces every occurrence.
 */

/** A regular expression RE2 refuses, met during evaluation (a dynamic pattern). */
export class RegexRefused extends Error {}

const { BOOL, INT, STRING } = CelScalar

const matches = (text: string, pattern: string): boolean => {
  const compiled = compilePattern(pattern)
  if (Either.isLeft(compiled)) throw new RegexRefused(compiled.left)
  return compiled.right.test(text)
}

const replace = (text: string, search: string, replacement: string, count: bigint): string => {
  const limit = count < 0n || count > BigInt(text.length + 1) ? text.length + 1 : Number(count)
  const pieces = search === "" ? Array.from(text) : undefined
  const positions: Array<number> = []
  if (pieces === undefined) {
    for (
      let at = text.indexOf(search);
      at !== -1 && positions.length < limit;
      at = text.indexOf(search, at + search.length)
    )
      positions.push(at)
  }
  const occurrences = pieces === undefined ? positions.length : Math.min(limit, pieces.length + 1)
  ensureSize("string", text.length + occurrences * (replacement.length - search.length))
  if (pieces !== undefined)
    return (
      pieces.map((piece, index) => (index < occurrences ? replacement + piece : piece)).join("") +
      (occurrences > pieces.length ? replacement : "")
    )
  const parts: Array<string> = []
  let from = 0
  for (const at of positions) {
    parts.push(text.slice(from, at), replacement)
    from = at + search.length
  }
  parts.push(text.slice(from))
  return parts.join("")
}

export const stringFunctions = [
  celMethod("matches", STRING, [STRING], BOOL, function (pattern) {
    return matches(this, pattern)
  }),
  celFunc("matches", [STRING, STRING], BOOL, matches),
  celMethod("replace", STRING, [STRING, STRING], STRING, function (search, replacement) {
    return replace(this, search, replacement, -1n)
  }),
  celMethod("replace", STRING, [STRING, STRING, INT], STRING, function (search, replacement, count) {
    return replace(this, search, replacement, count)
  })
]
