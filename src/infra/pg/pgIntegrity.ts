import type { SqlClient } from "@effect/sql"
import { DateTime, Effect, Stream } from "effect"
import type { StreamId } from "../../domain/ids.ts"
import type { Json } from "../../domain/json/Json.ts"
import type {
  ChainVerification,
  CheckpointVerification,
  IntegrityCheckpoint
} from "../../engine/ports/EventStore.ts"
import type { EventStoreError } from "../../engine/ports/EventStoreErrors.ts"
import { makeHeadsDigest } from "../headsDigest.ts"
import { verifyChain } from "../verifyChain.ts"
import { storeError } from "./pgMaintenance.ts"

/**
 * Recomputes a stream's chain from every stored event of it (in any partition, whatever its
 * head says) and compares the head, all in one snapshot.
 */
export const verifyStream =
  (sql: SqlClient.SqlClient) =>
  (stream: StreamId): Effect.Effect<ChainVerification, EventStoreError> =>
    Effect.gen(function* () {
      yield* sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`
      const heads = yield* sql<{ readonly version: number; readonly last_hash: string }>`
        SELECT version, last_hash FROM public.streams WHERE stream_id = ${stream}`
      const rows = yield* sql<{
        readonly stream_version: number
        readonly event_type: string
        readonly data: Json
        readonly metadata: Json
        readonly hash: string
      }>`
        SELECT stream_version, event_type, data, metadata, hash FROM public.events
        WHERE stream_id = ${stream} ORDER BY stream_version`
      const head = heads[0]
      return verifyChain(
        stream,
        rows.map((row) => ({
          version: row.stream_version,
          type: row.event_type,
          data: row.data,
          metadata: row.metadata,
          hash: row.hash
        })),
        head === undefined ? undefined : { version: head.version, lastHash: head.last_hash }
      )
    }).pipe(sql.withTransaction, storeError(`Verifying stream ${stream} failed`))

/**
 * An integrity checkpoint read in one REPEATABLE READ snapshot: the snapshot itself (so the same
 * set of transactions can be selected again later with `pg_visible_in_snapshot`), the position
 * high-water mark, and the rolling hash of every head visible in it.
 */
export const integrityCheckpoint = (
  sql: SqlClient.SqlClient
): Effect.Effect<IntegrityCheckpoint, EventStoreError> =>
  Effect.gen(function* () {
    yield* sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`
    const [meta] = yield* sql<{ readonly snapshot: string; readonly position: string }>`
      SELECT pg_current_snapshot()::text AS snapshot,
             (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM public.events_global_position_seq)::text AS position`
    const digest = makeHeadsDigest()
    yield* sql<{ readonly stream_id: string; readonly version: number; readonly last_hash: string }>`
      SELECT stream_id, version, last_hash FROM public.streams ORDER BY stream_id COLLATE "C"`.stream.pipe(
      Stream.runForEach((row) => Effect.sync(() => digest.add(row.stream_id, row.version, row.last_hash)))
    )
    const takenAt = DateTime.formatIso(yield* DateTime.now)
    return { takenAt, snapshot: meta!.snapshot, position: Number(meta!.position), ...digest.result() }
  }).pipe(sql.withTransaction, storeError("Taking an integrity checkpoint failed"))

/**
 * Recomputes a checkpoint from the events alone: the events visible in its snapshot must count
 * the same, stay below its position, and end every stream with the hashes its heads had.
 */
export const verifyIntegrityCheckpoint =
  (sql: SqlClient.SqlClient) =>
  (checkpoint: IntegrityCheckpoint): Effect.Effect<CheckpointVerification, EventStoreError> =>
    Effect.gen(function* () {
      const [totals] = yield* sql<{ readonly count: string; readonly position: string | null }>`
        SELECT count(*)::text AS count, max(global_position)::text AS position FROM public.events
        WHERE pg_visible_in_snapshot(transaction_id, ${checkpoint.snapshot}::pg_snapshot)`
      const digest = makeHeadsDigest()
      yield* sql<{ readonly s: string; readonly stream_version: number; readonly hash: string }>`
        SELECT DISTINCT ON (s) stream_id COLLATE "C" AS s, stream_version, hash FROM public.events
        WHERE pg_visible_in_snapshot(transaction_id, ${checkpoint.snapshot}::pg_snapshot)
        ORDER BY s, stream_version DESC`.stream.pipe(
        Stream.runForEach((row) => Effect.sync(() => digest.add(row.s, row.stream_version, row.hash)))
      )
      const now = digest.result()
      const count = Number(totals!.count)
      const position = Number(totals!.position ?? 0)
      const reasons: Array<string> = []
      if (count !== checkpoint.count)
        reasons.push(`Expected ${checkpoint.count} events in the checkpoint's snapshot, but found ${count}`)
      if (count !== now.count)
        reasons.push(
          `Expected contiguous versions (${now.count} by the last versions), but found ${count} events`
        )
      if (now.streams !== checkpoint.streams)
        reasons.push(
          `Expected ${checkpoint.streams} streams in the checkpoint's snapshot, but found ${now.streams}`
        )
      if (position > checkpoint.position)
        reasons.push(`Expected positions up to ${checkpoint.position}, but found ${position}`)
      if (now.headsHash !== checkpoint.headsHash)
        reasons.push(`Expected the heads hash ${checkpoint.headsHash}, but the events give ${now.headsHash}`)
      return reasons.length === 0
        ? { _tag: "Consistent" as const, checkpoint }
        : { _tag: "Inconsistent" as const, checkpoint, reasons }
    }).pipe(storeError("Verifying an integrity checkpoint failed"))
