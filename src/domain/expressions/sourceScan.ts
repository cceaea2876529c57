/**
 * A lexical pass over CEL source that knows only brackets and string literals: enough to refuse
 * nesting the parser would recurse into too deeply (before it overflows the stack) and to find
 * where a `${…}` template's expression ends — a `}` inside a string literal or a map literal
 * does not end it.
 */
export type ScanResult =
  | { readonly _tag: "Closed"; readonly end: number } // offset of the unmatched `}`
  | { readonly _tag: "Ended"; readonly maxDepth: number } // end of input, every bracket matched or not
  | { readonly _tag: "TooDeep"; readonly offset: number }
  | { readonly _tag: "Unterminated"; readonly offset: number } // a string literal that never closes

const opening = new Set(["(", "[", "{"])
const closing = new Set([")", "]", "}"])

/**
 * Scans `source` from `start`. With `untilBrace`, stops at the first `}` that closes nothing
 * opened since `start`. Depth counts every kind of bracket; the parser checks that they match.
 */
export const scanSource = (
  source: string,
  start: number,
  maxDepth: number,
  untilBrace: boolean
): ScanResult => {
  let depth = 0
  let deepest = 0
  let at = start
  while (at < source.length) {
    const char = source[at] as string
    if (char === "'" || char === '"') {
      const end = skipString(source, at)
      if (end === undefined) return { _tag: "Unterminated", offset: at }
      at = end
      continue
    }
    if (opening.has(char)) {
      depth++
      if (depth > maxDepth) return { _tag: "TooDeep", offset: at }
      deepest = Math.max(deepest, depth)
    } else if (closing.has(char)) {
      if (depth === 0 && char === "}" && untilBrace) return { _tag: "Closed", end: at }
      depth = Math.max(0, depth - 1)
    }
    at++
  }
  return { _tag: "Ended", maxDepth: deepest }
}

/** Offset just past the string literal opening at `at`, or undefined when it never closes. */
const skipString = (source: string, at: number): number | undefined => {
  const quote = source[at] as string
  const escapes = !/(?:^|[^A-Za-z0-9_])(?:[rR]|[bB][rR]|[rR][bB])$/.test(
    source.slice(Math.max(0, at - 3), at)
  )
  const delimiter = source.startsWith(quote.repeat(3), at) ? quote.repeat(3) : quote
  let index = at + delimiter.length
  while (index < source.length) {
    if (escapes && source[index] === "\\") {
      index += 2
      continue
    }
    if (source.startsWith(delimiter, index)) return index + delimiter.length
    if (delimiter.length === 1 && (source[index] === "\n" || source[index] === "\r")) return undefined
    index++
  }
  return undefined
}
