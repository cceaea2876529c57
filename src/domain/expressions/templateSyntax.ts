import { expressionLimits } from "./limits.ts"
import { scanSource } from "./sourceScan.ts"

/**
 * The pieces of one templated string: text, `${expression}`s and `${secrets.NAME}` references.
 * `$${` is an escaped `${` (text). An expression ends at the first `}` that closes nothing it
 * opened, outside string literals, so `${ {'a': 1}['a'] }` and `${ x + '}' }` are one expression each.
 */
export type TemplatePiece =
  | { readonly _tag: "Text"; readonly text: string }
  | { readonly _tag: "Expression"; readonly source: string; readonly offset: number } // offset of the source in the string
  | { readonly _tag: "Secret"; readonly name: string; readonly offset: number }

export interface TemplateSyntaxError {
  readonly message: string
  readonly offset: number
}

const secretReference = /^\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*$/

/** How a secret reference is written in rendered output, whatever spacing the source used. */
export const secretPlaceholder = (name: string): string => `\${secrets.${name}}`

/** Splits a string into pieces; a string without `${` is one text piece. */
export const splitTemplate = (text: string): ReadonlyArray<TemplatePiece> | TemplateSyntaxError => {
  const pieces: Array<TemplatePiece> = []
  let buffer = ""
  let at = 0
  const flush = (): void => {
    if (buffer !== "") pieces.push({ _tag: "Text", text: buffer })
    buffer = ""
  }
  while (at < text.length) {
    if (text.startsWith("$${", at)) {
      buffer += "${"
      at += 3
      continue
    }
    if (!text.startsWith("${", at)) {
      buffer += text[at]
      at++
      continue
    }
    const start = at + 2
    const scan = scanSource(text, start, expressionLimits.maxNesting, true)
    if (scan._tag === "TooDeep")
      return {
        message: `Expected brackets nested at most ${expressionLimits.maxNesting} deep, but they go deeper`,
        offset: scan.offset
      }
    if (scan._tag !== "Closed")
      return { message: "Expected a } to close the ${, but the text ends first", offset: at }
    flush()
    const source = text.slice(start, scan.end)
    const secret = secretReference.exec(source)
    pieces.push(
      secret === null
        ? { _tag: "Expression", source, offset: start }
        : { _tag: "Secret", name: secret[1] as string, offset: start }
    )
    at = scan.end + 1
  }
  flush()
  return pieces
}

export const isSyntaxError = (
  value: ReadonlyArray<TemplatePiece> | TemplateSyntaxError
): value is TemplateSyntaxError => !Array.isArray(value)
