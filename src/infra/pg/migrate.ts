import { SqlClient } from "@effect/sql"
import * as Migrator from "@effect/sql/Migrator"
import { Effect } from "effect"
import eventStore from "./migrations/0001_event_store.ts"
import commitFunction from "./migrations/0002_commit_function.ts"
import feedCheckpoints from "./migrations/0003_feed_checkpoints.ts"
import commitBatch from "./migrations/0004_commit_batch.ts"
import appendFunction from "./migrations/0005_append_function.ts"
import { ensurePartitions } from "./pgMaintenance.ts"

/** Every migration, by `NNNN_name`; the Migrator runs those newer than the database's latest. */
export const migrations = Migrator.fromRecord({
  "0001_event_store": eventStore,
  "0002_commit_function": commitFunction,
  "0003_feed_checkpoints": feedCheckpoints,
  "0004_commit_batch": commitBatch,
  "0005_append_function": appendFunction
})

const migrationsTable = "effect_sql_migrations"

/**
 * Brings the database of the current `SqlClient` up to date and creates this month's and next
 * month's event partitions. Safe to run concurrently: the Migrator locks its table, which is
 * created beforehand so two first runs cannot race on creating it.
 */
export const migrate = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    CREATE TABLE IF NOT EXISTS public.effect_sql_migrations (
      migration_id integer PRIMARY KEY,
      created_at timestamptz NOT NULL DEFAULT now(),
      name text NOT NULL
    )`.pipe(Effect.catchAll(() => Effect.void))
  const applied = yield* Migrator.make({})({ loader: migrations, table: migrationsTable })
  yield* ensurePartitions(sql)
  return applied
})
