import type { SqlClient } from "@effect/sql"
import type { MigrationError } from "@effect/sql/Migrator"
import type { SqlError } from "@effect/sql/SqlError"
import type { PgClient } from "@effect/sql-pg"
import type { ConfigError } from "effect"
import { Config, Context, Effect, Layer, Option, Redacted } from "effect"
import type { EventStore } from "../engine/ports/EventStore.ts"
import { EmbeddedPostgres } from "./embedded/EmbeddedPostgres.ts"
import type { DataDirectoryHeld, EmbeddedPostgresError } from "./embedded/EmbeddedPostgresError.ts"
import { EventStoreConfig } from "./EventStoreConfig.ts"
import { checkpointWriterFromEnv } from "./IntegrityCheckpoints.ts"
import { migrate } from "./pg/migrate.ts"
import * as PgEventStore from "./pg/PgEventStore.ts"

/** Which database the process uses, for messages: never the password. */
export class DatabaseTarget extends Context.Tag("foldflow/DatabaseTarget")<
  DatabaseTarget,
  { readonly kind: "url" | "embedded"; readonly description: string }
>() {}

export type DatabaseStartError =
  ConfigError.ConfigError | SqlError | EmbeddedPostgresError | DataDirectoryHeld

/** `user@host:port/database` of a connection URL. */
const describeUrl = (url: string): string => {
  try {
    const parsed = new URL(url)
    const user = parsed.username === "" ? "" : `${decodeURIComponent(parsed.username)}@`
    return `${user}${parsed.hostname}:${parsed.port === "" ? "5432" : parsed.port}${parsed.pathname}`
  } catch {
    return "(an unparsable DATABASE_URL)"
  }
}

/**
 * The database of the environment: the server of `DATABASE_URL` when it is set, else the embedded
 * Postgres in `$FOLDFLOW_DATA_DIR/pg` (default `./.foldflow/pg`), started for the layer's life.
 */
export const databaseFromEnv: Layer.Layer<
  PgClient.PgClient | SqlClient.SqlClient | DatabaseTarget,
  DatabaseStartError
> = Layer.unwrapEffect(
  Effect.map(Config.option(Config.redacted("DATABASE_URL")), (url) =>
    Option.match(url, {
      onSome: (url) =>
        Layer.merge(
          PgEventStore.clientLayer(Redacted.value(url)),
          Layer.succeed(DatabaseTarget, { kind: "url", description: describeUrl(Redacted.value(url)) })
        ),
      onNone: () =>
        Layer.unwrapEffect(
          Effect.map(EmbeddedPostgres, (server) =>
            Layer.merge(
              PgEventStore.clientLayer(Redacted.value(server.url)),
              Layer.succeed(DatabaseTarget, {
                kind: "embedded",
                description: `the embedded Postgres ${server.version} in ${server.dataDir} (127.0.0.1:${server.port})`
              })
            )
          )
        ).pipe(Layer.provide(EmbeddedPostgres.layerFromEnv))
    })
  )
)

export interface StoreFromEnvOptions {
  /**
   * When to migrate at start: `embedded` (default) migrates only the embedded database, which
   * Foldflow owns; a `DATABASE_URL` server is migrated by `foldflow migrate`. `always` migrates both.
   */
  readonly migrateOnStart?: "embedded" | "always" | "never"
}

/**
 * The Postgres event store of the environment (see `databaseFromEnv`), with its settings from
 * the environment (`EventStoreConfig.fromEnv`) and its integrity checkpoints written as
 * `FOLDFLOW_CHECKPOINTS` says (`checkpointWriterFromEnv`).
 */
export const layerFromEnv = (
  options: StoreFromEnvOptions = {}
): Layer.Layer<EventStore | DatabaseTarget, DatabaseStartError | MigrationError> => {
  const policy = options.migrateOnStart ?? "embedded"
  const migrated = Layer.effectDiscard(
    Effect.gen(function* () {
      const target = yield* DatabaseTarget
      if (policy === "always" || (policy === "embedded" && target.kind === "embedded")) yield* migrate
    })
  )
  const store = Layer.merge(PgEventStore.layer, Layer.effectContext(Effect.context<DatabaseTarget>())).pipe(
    Layer.provide(migrated),
    Layer.provide(databaseFromEnv),
    Layer.provide(EventStoreConfig.fromEnv)
  )
  // Integrity checkpoints go outside the database for as long as the store runs.
  return checkpointWriterFromEnv.pipe(Layer.provideMerge(store))
}
