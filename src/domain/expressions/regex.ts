import { Either } from "effect"
import { RE2JS } from "re2js"
import { expressionLimits } from "./limits.ts"

/**
 * Regular expressions for CEL's `matches`, on re2js: RE2 syntax and semantics, matched in time
 * linear in the text, so no pattern — however catastrophic under a backtracking engine — can
 * hold the event loop. Patterns RE2 refuses (backreferences, lookaround, possessive quantifiers)
 * are refused here too, with RE2's reason.
 */
export interface Pattern {
  readonly engine: "re2js"
  /** Partial match, as RE2's PartialMatch and CEL's `matches`. */
  readonly test: (text: string) => boolean
}

// Compiled patterns are pure functions of their source, so reusing them is invisible to callers;
// the bound keeps dynamic patterns from growing the cache without limit.
const cache = new Map<string, Pattern>()
const cacheSize = 256

/** Compiles a pattern, or says why RE2 refuses it ("Expected …, but …"). */
export const compilePattern = (source: string): Either.Either<Pattern, string> => {
  const cached = cache.get(source)
  if (cached !== undefined) return Either.right(cached)
  if (source.length > expressionLimits.maxPatternLength)
    return Either.left(
      `Expected a regular expression of at most ${expressionLimits.maxPatternLength} characters, but it has ${source.length}`
    )
  try {
    const re = RE2JS.compile(source)
    const pattern: Pattern = { engine: "re2js", test: (text) => re.test(text) }
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string)
    cache.set(source, pattern)
    return Either.right(pattern)
  } catch (error) {
    const reason =
      error instanceof Error ? error.message.replace(/^error parsing regexp: /, "") : String(error)
    return Either.left(
      `Expected a regular expression RE2 accepts (no backreferences or lookaround), but ${JSON.stringify(source)} has ${reason}`
    )
  }
}
