import { DateTime, Either, ParseResult, Schema } from "effect"

/** An instant as epoch milliseconds in memory. */
export type Instant = number

const rfc3339Utc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/

/** Epoch milliseconds of RFC 3339 UTC text, or undefined. */
export const parseInstant = (text: string): Instant | undefined => {
  if (!rfc3339Utc.test(text)) return undefined
  const ms = Date.parse(text)
  return Number.isFinite(ms) ? ms : undefined
}

/** RFC 3339 UTC text with milliseconds: the encoded form of every instant in events and commands. */
export const formatInstant = (ms: Instant): string => DateTime.formatIso(DateTime.unsafeMake(ms))

/**
 * Instants: held as epoch milliseconds (cheap to compare and add in `decide`), stored as
 * `2026-11-21T10:00:00.000Z` so streams stay readable to auditors.
 */
export const Instant: Schema.Schema<Instant, string> = Schema.transformOrFail(
  Schema.String,
  Schema.Number.pipe(Schema.int()),
  {
    strict: true,
    decode: (text, _, ast) => {
      const ms = parseInstant(text)
      return ms === undefined
        ? ParseResult.fail(
            new ParseResult.Type(
              ast,
              text,
              `Expected an RFC 3339 UTC instant, but got ${JSON.stringify(text)}`
            )
          )
        : ParseResult.succeed(ms)
    },
    encode: (ms, _, ast) =>
      Either.match(
        Either.try(() => formatInstant(ms)),
        {
          onLeft: () => ParseResult.fail(new ParseResult.Type(ast, ms, `Expected an instant, but got ${ms}`)),
          onRight: (text) => ParseResult.succeed(text)
        }
      )
  }
).annotations({ identifier: "Instant" })
