import { Schema } from "effect"
import { StreamId } from "../../domain/ids.ts"
import { Json } from "../../domain/json/Json.ts"

/**
 * An event's type as stored: the tag of its encoded form. The store knows nothing of workflow
 * semantics; it only keeps the type to a plain name.
 */
export const EventType = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z][A-Za-z0-9_.:-]{0,127}$/, {
    message: (issue) =>
      `Expected an event type (a letter, then letters, digits, _ . : or -, at most 128), but got ${JSON.stringify(issue.actual)}`
  })
)

/** An event as the engine hands it to the store: its encoded form. */
export interface NewEvent {
  readonly type: string
  readonly data: Json
  readonly metadata: Json
}

/** An event as the store returns it: the encoded form plus what the store recorded. */
export const RecordedEvent = Schema.Struct({
  stream: StreamId,
  version: Schema.Int,
  type: Schema.String,
  data: Json,
  metadata: Json,
  /** `hex(sha256(JCS([prev, tenant, stream, version, type, data, metadata])))`. */
  hash: Schema.String,
  /** The global position (an identity): unique and increasing in insertion order, not commit order. */
  position: Schema.Number,
  recordedAt: Schema.DateTimeUtcFromSelf
})
export type RecordedEvent = typeof RecordedEvent.Type

/** The hash before a stream's first event. */
export const genesisHash = "0".repeat(64)
