import type { RE2JS } from "re2js"
import { isJsonObject, type Json, type JsonObject } from "../../json/Json.ts"
import { replacePatterns } from "./schemaKeywords.ts"

/*
 * Patterns run under RE2, never under the host's backtracking RegExp: before a validation,
 * every `pattern` and `patternProperties` key is replaced by an anchored alternation of exactly
 * those texts of the value (strings and keys) that RE2 finds the pattern in. The rewritten
 * schema accepts the same value as the original under RE2 semantics, and its regular
 * expressions are literal alternations, which run in time linear in the text.
 */

/** Every string and key of a value, each once. */
const textsOf = (value: Json): ReadonlySet<string> => {
  const texts = new Set<string>()
  const stack: Array<Json> = [value]
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typeof node === "string") texts.add(node)
    else if (Array.isArray(node)) for (const item of node as ReadonlyArray<Json>) stack.push(item)
    else if (isJsonObject(node))
      for (const [key, inner] of Object.entries(node)) {
        texts.add(key)
        stack.push(inner)
      }
  }
  return texts
}

const escapeForRegExp = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&")

/** The schema with each pattern replaced by the alternation of the value's texts it matches. */
export const patternFree = (patterns: ReadonlyMap<string, RE2JS>, schema: JsonObject, value: Json): Json => {
  const texts = [...textsOf(value)]
  const replacement = new Map<string, string>()
  let index = 0
  for (const [pattern, re2] of patterns) {
    const matching = texts.filter((text) => re2.test(text))
    // The empty group repeated `index` times keeps two rewritten patternProperties keys apart.
    const alternation =
      matching.length === 0 ? "[^\\s\\S]" : `^(?:${matching.map(escapeForRegExp).join("|")})$`
    replacement.set(pattern, `${alternation}(?:){${index++}}`)
  }
  return replacePatterns(schema, (pattern) => replacement.get(pattern) ?? "[^\\s\\S]")
}
