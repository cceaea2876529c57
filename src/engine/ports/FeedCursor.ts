import { Either, Encoding, Option, ParseResult, Schema } from "effect"

/**
 * A position in the global feed, opaque to clients. Inside it is the `(transaction_id,
 * global_position)` pair of the last event read: the feed's order, which is not commit order.
 */
export const FeedCursor = Schema.String.pipe(
  Schema.filter((text) => Option.isSome(positionOf(text)) || "Expected a feed cursor returned by the feed", {
    identifier: "FeedCursor"
  }),
  Schema.brand("FeedCursor")
)
export type FeedCursor = typeof FeedCursor.Type

/** The decoded form of a cursor; only event stores look inside. */
export interface FeedPosition {
  readonly transaction: bigint
  readonly position: bigint
}

const prefix = "ff1:"
const digits = /^(0|[1-9][0-9]{0,19})$/

/** The cursor before the first event. */
export const feedStart: FeedPosition = { transaction: 0n, position: 0n }

export const encodeFeedCursor = (at: FeedPosition): FeedCursor =>
  Encoding.encodeBase64Url(`${prefix}${at.transaction}:${at.position}`) as FeedCursor

/** The position inside a cursor string, if it is one the store made. */
export const positionOf = (text: string): Option.Option<FeedPosition> => {
  const decoded = Encoding.decodeBase64UrlString(text)
  if (Either.isLeft(decoded) || !decoded.right.startsWith(prefix)) return Option.none()
  const parts = decoded.right.slice(prefix.length).split(":")
  if (parts.length !== 2 || !parts.every((part) => digits.test(part))) return Option.none()
  return Option.some({ transaction: BigInt(parts[0] as string), position: BigInt(parts[1] as string) })
}

/** The position of a cursor that passed the `FeedCursor` schema (a forged brand is a defect). */
export const decodeFeedCursor = (cursor: FeedCursor): FeedPosition =>
  Option.getOrThrowWith(
    positionOf(cursor),
    () => new TypeError(`Expected a feed cursor, but got "${cursor}"`)
  )

/** Decodes untrusted text (a query parameter) into a cursor, with the schema's message on failure. */
export const parseFeedCursor = (text: string): Either.Either<FeedCursor, string> =>
  Schema.decodeUnknownEither(FeedCursor)(text).pipe(
    Either.mapLeft((error) => ParseResult.TreeFormatter.formatErrorSync(error))
  )
