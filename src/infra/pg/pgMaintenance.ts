import type { SqlClient } from "@effect/sql"
import { DateTime, Effect, Schedule, Schema } from "effect"
import { SqlSchema } from "@effect/sql"
import type { StoreMetrics } from "../../engine/ports/EventStore.ts"
import { EventStoreError } from "../../engine/ports/EventStoreErrors.ts"
import type { EventStoreOptions } from "../EventStoreConfig.ts"

/** How many months of event partitions exist ahead of the current one. */
const monthsAhead = 2

/** Creates this month's and next month's event partitions when missing (the database's UTC clock). */
export const ensurePartitions = (sql: SqlClient.SqlClient) =>
  sql`SELECT public.foldflow_ensure_event_partitions(now(), ${monthsAhead}::integer)`.pipe(Effect.asVoid)

const Pruned = Schema.Struct({ pruned: Schema.NumberFromString })

/** Deletes idempotency records that expired by the engine's clock; aliases never expire. */
export const pruneExpiredCommands = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    const now = DateTime.formatIso(yield* DateTime.now)
    const rows = yield* SqlSchema.single({
      Request: Schema.String,
      Result: Pruned,
      execute: (at) => sql`
        WITH pruned AS (DELETE FROM public.command_dedup WHERE expires_at <= ${at}::timestamptz RETURNING 1)
        SELECT count(*)::text AS pruned FROM pruned`
    })(now)
    return rows.pruned
  }).pipe(storeError("Pruning idempotency records failed"))

const Metrics = Schema.Struct({ horizon_ms: Schema.Number, oldest_ms: Schema.Number })

/**
 * The feed's horizon age (how long the oldest committed event still hidden behind an open
 * transaction has waited) and the age of the oldest open transaction but ours.
 */
export const storeMetrics = (sql: SqlClient.SqlClient): Effect.Effect<StoreMetrics, EventStoreError> =>
  SqlSchema.single({
    Request: Schema.Void,
    Result: Metrics,
    execute: () => sql`
      SELECT
        coalesce((SELECT extract(epoch FROM clock_timestamp() - min(recorded_at)) * 1000 FROM public.events
                  WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())), 0)::float8 AS horizon_ms,
        coalesce((SELECT extract(epoch FROM clock_timestamp() - min(xact_start)) * 1000 FROM pg_stat_activity
                  WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid()), 0)::float8 AS oldest_ms`
  })(undefined).pipe(
    Effect.map((m) => ({
      feedHorizonAgeMs: Math.max(0, m.horizon_ms),
      oldestOpenTransactionMs: Math.max(0, m.oldest_ms)
    })),
    storeError("Reading store metrics failed")
  )

/**
 * Keeps partitions ahead and prunes expired records, now and every `maintenanceInterval`.
 * Failures are logged and retried at the next tick: commits create a missing partition anyway.
 */
export const maintenanceLoop = (sql: SqlClient.SqlClient, options: EventStoreOptions) =>
  Effect.all([ensurePartitions(sql), pruneExpiredCommands(sql)]).pipe(
    Effect.catchAllCause((cause) => Effect.logWarning("Event store maintenance failed", cause)),
    Effect.repeat(Schedule.spaced(options.maintenanceInterval))
  )

/** A failure's message with its cause's (the server's own words for an SQL error). */
export const describeFailure = (failure: { readonly message?: string; readonly cause?: unknown }): string => {
  const inner = failure.cause instanceof Error ? failure.cause.message : undefined
  return inner === undefined || inner === "" ? String(failure.message) : `${failure.message}: ${inner}`
}

/** Maps any failure of a store query to an `EventStoreError` that says what was being done. */
export const storeError =
  (message: string) =>
  <A, E extends { readonly message?: string; readonly cause?: unknown }, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.mapError(
      effect,
      (cause) => new EventStoreError({ message: `${message}: ${describeFailure(cause)}`, cause })
    )
