import type { SqlClient } from "@effect/sql"
import { SqlSchema } from "@effect/sql"
import { DateTime, Effect, Option, Schema } from "effect"
import type { StreamId, TenantId } from "../../domain/ids.ts"
import { StreamId as StreamIdSchema } from "../../domain/ids.ts"
import type { Json } from "../../domain/json/Json.ts"
import type {
  Alias,
  FeedOptions,
  FeedPage,
  ReadOptions,
  StreamSlice,
  SubscriberName
} from "../../engine/ports/EventStore.ts"
import { EventStoreError } from "../../engine/ports/EventStoreErrors.ts"
import type { FeedCursor } from "../../engine/ports/FeedCursor.ts"
import { decodeFeedCursor, encodeFeedCursor, feedStart } from "../../engine/ports/FeedCursor.ts"
import type { RecordedEvent } from "../../engine/ports/RecordedEvent.ts"
import { genesisHash } from "../../engine/ports/RecordedEvent.ts"
import { storeError } from "./pgMaintenance.ts"

/**
 * An events row as selected below. Rows are mapped by hand rather than schema-decoded: the feed
 * must sustain hundreds of thousands of events a second, the store wrote every row itself, and
 * jsonb can only hold JSON.
 */
interface EventRow {
  readonly stream_id: StreamId
  readonly stream_version: number
  readonly event_type: string
  readonly data: Json
  readonly metadata: Json
  readonly hash: string
  readonly global_position: string
  /** Microseconds since the epoch. */
  readonly at: number
}

// The time an event was recorded in whole microseconds since the epoch, as a float8: exact (a
// timestamptz is a count of microseconds), and cheaper than the numeric `extract`.
const recordedMicros = "round(date_part('epoch', recorded_at) * 1e6)"

const eventColumns = (sql: SqlClient.SqlClient) =>
  sql`stream_id, stream_version, event_type, data, metadata, hash, global_position,
      ${sql.literal(recordedMicros)} AS at`

const toEvent = (row: EventRow): RecordedEvent => ({
  stream: row.stream_id,
  version: row.stream_version,
  type: row.event_type,
  data: row.data,
  metadata: row.metadata,
  hash: row.hash,
  position: Number(row.global_position),
  recordedAt: DateTime.unsafeMake(Math.floor(row.at / 1000))
})

const maxLimit = 2 ** 31 - 1

/** A stream's head and its events after a version, both from one statement (one snapshot). */
export const readStream =
  (sql: SqlClient.SqlClient) =>
  (stream: StreamId, options: ReadOptions = {}): Effect.Effect<StreamSlice, EventStoreError> =>
    sql<
      Omit<EventRow, "stream_id"> & { stream_id: StreamId | null; head_version: number; last_hash: string }
    >`
      SELECT h.version AS head_version, h.last_hash, e.*
      FROM public.streams AS h
      LEFT JOIN LATERAL (
        SELECT ${eventColumns(sql)} FROM public.events AS e
        WHERE e.stream_id = h.stream_id AND e.created_month = h.created_month AND e.stream_version > ${options.after ?? 0}
        ORDER BY e.stream_version
        LIMIT ${options.limit ?? maxLimit}
      ) AS e ON true
      WHERE h.stream_id = ${stream}`.pipe(
      Effect.map((rows): StreamSlice => {
        const [first] = rows
        if (first === undefined) return { stream, version: 0, lastHash: genesisHash, events: [] }
        return {
          stream,
          version: first.head_version,
          lastHash: first.last_hash,
          events: rows.flatMap((row) =>
            row.stream_id === null ? [] : [toEvent({ ...row, stream_id: row.stream_id })]
          )
        }
      }),
      storeError(`Reading stream ${stream} failed`)
    )

/**
 * The feed after a cursor in `(transaction_id, global_position)` order, only below the oldest
 * transaction still open: every event up there can still be preceded by one not yet committed.
 */
export const readFeed =
  (sql: SqlClient.SqlClient, defaultLimit: number) =>
  (cursor: FeedCursor | undefined, options: FeedOptions = {}): Effect.Effect<FeedPage, EventStoreError> => {
    const after = cursor === undefined ? feedStart : decodeFeedCursor(cursor)
    const limit = options.limit ?? defaultLimit
    const xid = after.transaction.toString()
    const position = after.position.toString()
    // Each row as one JSON array, built by the server: the driver then slices one string and makes
    // one JSON.parse per event instead of decoding nine fields (the feed is the bulk read path,
    // and Node's share of it is the larger), and rows still stream in while the server reads on.
    const query =
      options.tenant === undefined
        ? sql`
            SELECT ${sql.literal(feedRow)} FROM public.events
            WHERE (transaction_id, global_position) > (${xid}::xid8, ${position}::bigint)
              AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY transaction_id, global_position
            LIMIT ${limit}`.values
        : sql`
            SELECT ${sql.literal(feedRow)} FROM public.events
            WHERE tenant_id = ${options.tenant}
              AND (tenant_id, transaction_id, global_position) > (${options.tenant}, ${xid}::xid8, ${position}::bigint)
              AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY tenant_id, transaction_id, global_position
            LIMIT ${limit}`.values
    return query.pipe(
      storeError("Reading the feed failed"),
      Effect.flatMap((rows) =>
        Effect.try({
          try: () => feedPage(rows as ReadonlyArray<readonly [string]>, cursor),
          // Only a row edited behind the store's back can fail to parse.
          catch: (cause) =>
            new EventStoreError({
              message: `Reading the feed failed: a row is not well-formed: ${String(cause)}`,
              cause
            })
        })
      )
    )
  }

/** A feed row: the event's columns, the time in microseconds, then the transaction id as text. */
type FeedRow = readonly [StreamId, number, string, Json, Json, string, number, number, string]

// Plain concatenation costs the server least (json_build_array and to_json look up every
// argument's type on every row). Only data and metadata need escaping, and jsonb writes them as
// JSON; stream ids, event types and hashes were checked against their patterns (no quote, no
// backslash) when committed, and a transaction id is digits.
const feedRow = `concat('["', stream_id, '",', stream_version, ',"', event_type, '",', data, ',', metadata, ',"',
  hash, '",', global_position, ',', ${recordedMicros}, ',"', transaction_id, '"]')`

const feedPage = (rows: ReadonlyArray<readonly [string]>, cursor: FeedCursor | undefined): FeedPage => {
  const events = new Array<RecordedEvent>(rows.length)
  let last: FeedRow | undefined
  // The events of one transaction share its time: one (immutable) DateTime serves them all.
  let micros = Number.NaN
  let recordedAt = DateTime.unsafeMake(0)
  for (let i = 0; i < rows.length; i++) {
    last = JSON.parse(rows[i]![0]) as FeedRow
    if (last[7] !== micros) {
      micros = last[7]
      recordedAt = DateTime.unsafeMake(Math.floor(micros / 1000))
    }
    events[i] = {
      stream: last[0],
      version: last[1],
      type: last[2],
      data: last[3],
      metadata: last[4],
      hash: last[5],
      position: last[6],
      recordedAt
    }
  }
  return {
    events,
    cursor:
      last === undefined
        ? (cursor ?? encodeFeedCursor(feedStart))
        : encodeFeedCursor({ transaction: BigInt(last[8]), position: BigInt(last[6]) })
  }
}

export const resolveAlias = (sql: SqlClient.SqlClient) => (tenant: TenantId, alias: Alias) =>
  SqlSchema.findOne({
    Request: Schema.Struct({ tenant: Schema.String, alias: Schema.String }),
    Result: Schema.Struct({ stream_id: StreamIdSchema }),
    execute: (r) =>
      sql`SELECT stream_id FROM public.instance_aliases WHERE tenant_id = ${r.tenant} AND alias = ${r.alias}`
  })({ tenant, alias }).pipe(
    Effect.map(Option.map((row) => row.stream_id)),
    storeError(`Resolving alias ${JSON.stringify(alias)} failed`)
  )

/** Subscribers of every tenant keep their checkpoint under this tenant id. */
const allTenants = "*"

export const loadCursor =
  (sql: SqlClient.SqlClient) =>
  (
    subscriber: SubscriberName,
    tenant: TenantId | undefined
  ): Effect.Effect<Option.Option<FeedCursor>, EventStoreError> =>
    SqlSchema.findOne({
      Request: Schema.Struct({ tenant: Schema.String, subscriber: Schema.String }),
      Result: Schema.Struct({ xid: Schema.BigInt, position: Schema.BigInt }),
      execute: (r) => sql`
        SELECT transaction_id::text AS xid, global_position::text AS position FROM public.feed_checkpoints
        WHERE tenant_id = ${r.tenant} AND subscriber = ${r.subscriber}`
    })({ tenant: tenant ?? allTenants, subscriber }).pipe(
      Effect.map(Option.map((row) => encodeFeedCursor({ transaction: row.xid, position: row.position }))),
      storeError(`Loading the checkpoint of ${subscriber} failed`)
    )

export const saveCursor =
  (sql: SqlClient.SqlClient) =>
  (
    subscriber: SubscriberName,
    tenant: TenantId | undefined,
    cursor: FeedCursor
  ): Effect.Effect<void, EventStoreError> => {
    const at = decodeFeedCursor(cursor)
    return sql`
      INSERT INTO public.feed_checkpoints (tenant_id, subscriber, transaction_id, global_position)
      VALUES (${tenant ?? allTenants}, ${subscriber}, ${at.transaction.toString()}::xid8, ${at.position.toString()}::bigint)
      ON CONFLICT (tenant_id, subscriber) DO UPDATE
      SET transaction_id = excluded.transaction_id, global_position = excluded.global_position, updated_at = now()`.pipe(
      Effect.asVoid,
      storeError(`Saving the checkpoint of ${subscriber} failed`)
    )
  }
