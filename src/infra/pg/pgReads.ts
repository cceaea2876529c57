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
import type { EventStoreError } from "../../engine/ports/EventStoreErrors.ts"
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
  readonly at: number
}

const eventColumns = (sql: SqlClient.SqlClient) =>
  sql`stream_id, stream_version, event_type, data, metadata, hash, global_position,
      (extract(epoch FROM recorded_at) * 1000)::float8 AS at`

const toEvent = (row: EventRow): RecordedEvent => ({
  stream: row.stream_id,
  version: row.stream_version,
  type: row.event_type,
  data: row.data,
  metadata: row.metadata,
  hash: row.hash,
  position: Number(row.global_position),
  recordedAt: DateTime.unsafeMake(Math.floor(row.at))
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
    // Rows as arrays (no object per row): the feed is the store's bulk read path.
    const query =
      options.tenant === undefined
        ? sql`
            SELECT ${eventColumns(sql)}, transaction_id::text AS xid FROM public.events
            WHERE (transaction_id, global_position) > (${xid}::xid8, ${position}::bigint)
              AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY transaction_id, global_position
            LIMIT ${limit}`.values
        : sql`
            SELECT ${eventColumns(sql)}, transaction_id::text AS xid FROM public.events
            WHERE tenant_id = ${options.tenant}
              AND (tenant_id, transaction_id, global_position) > (${options.tenant}, ${xid}::xid8, ${position}::bigint)
              AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY tenant_id, transaction_id, global_position
            LIMIT ${limit}`.values
    return query.pipe(
      Effect.map((rows): FeedPage => {
        const events = new Array<RecordedEvent>(rows.length)
        for (let i = 0; i < rows.length; i++) events[i] = fromValues(rows[i] as FeedValues)
        const last = rows[rows.length - 1] as FeedValues | undefined
        return {
          events,
          cursor:
            last === undefined
              ? (cursor ?? encodeFeedCursor(feedStart))
              : encodeFeedCursor({ transaction: BigInt(last[8]), position: BigInt(last[6]) })
        }
      }),
      storeError("Reading the feed failed")
    )
  }

/** A feed row in `eventColumns` order, then the transaction id. */
type FeedValues = readonly [StreamId, number, string, Json, Json, string, string, number, string]

const fromValues = (row: FeedValues): RecordedEvent => ({
  stream: row[0],
  version: row[1],
  type: row[2],
  data: row[3],
  metadata: row[4],
  hash: row[5],
  position: Number(row[6]),
  recordedAt: DateTime.unsafeMake(Math.floor(row[7]))
})

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
