import { SqlClient } from "@effect/sql"
import type { PgClient } from "@effect/sql-pg"
import { Context, Duration, Effect, Layer } from "effect"
import type { Json } from "../../../src/domain/json/Json.ts"
import { EventStore } from "../../../src/engine/ports/EventStore.ts"
import { EventStoreConfig } from "../../../src/infra/EventStoreConfig.ts"
import * as MemoryEventStore from "../../../src/infra/memory/MemoryEventStore.ts"
import { migrate } from "../../../src/infra/pg/migrate.ts"
import * as PgEventStore from "../../../src/infra/pg/PgEventStore.ts"
import { createTestDatabase, type TestServerKind } from "../../support/postgres.ts"

/** The derived table the conformance suite applies row changes to. */
export const testTable = "test_rows"

/** What a conformance test may look at besides the port: the rows of the test table. */
export class StoreProbe extends Context.Tag("test/StoreProbe")<
  StoreProbe,
  { readonly rows: (tenant: string) => Effect.Effect<ReadonlyArray<Record<string, Json>>> }
>() {}

/** Small limits so the suite can exceed them cheaply; a short poll so subscribers are prompt. */
const testConfig = EventStoreConfig.layer({ maxEventBytes: 16 * 1024, pollInterval: Duration.millis(200) })

const byId = (a: Record<string, Json>, b: Record<string, Json>) =>
  String(a["id"]).localeCompare(String(b["id"]))

export const memoryStore: Layer.Layer<EventStore | StoreProbe> = Layer.effectContext(
  Effect.gen(function* () {
    const { rows, store } = yield* MemoryEventStore.make
    const probe = StoreProbe.of({
      rows: (tenant) =>
        rows
          .rows(testTable)
          .pipe(Effect.map((all) => all.filter((row) => row["tenant_id"] === tenant).sort(byId)))
    })
    return Context.make(EventStore, store).pipe(Context.add(StoreProbe, probe))
  })
).pipe(Layer.provide(testConfig))

/** The URL of the fresh database a Postgres test layer made, for a second client on it. */
export class TestDatabaseUrl extends Context.Tag("test/TestDatabaseUrl")<TestDatabaseUrl, string>() {}

/** A fresh database on the chosen server, dropped when the layer is released. */
export const testDatabase = (
  kind: TestServerKind
): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient | TestDatabaseUrl> =>
  Layer.unwrapScoped(
    Effect.gen(function* () {
      const database = yield* Effect.acquireRelease(
        Effect.promise(() => createTestDatabase(kind)),
        (db) => Effect.promise(() => db.drop())
      )
      return Layer.merge(
        PgEventStore.clientLayer(database.url, 24),
        Layer.succeed(TestDatabaseUrl, database.url)
      )
    })
  ).pipe(Layer.orDie)

export const migrated = Layer.effectDiscard(
  Effect.gen(function* () {
    yield* migrate
    const sql = yield* SqlClient.SqlClient
    yield* sql`
      CREATE TABLE public.test_rows (
        tenant_id text NOT NULL,
        id text NOT NULL,
        status text,
        attempts integer,
        payload jsonb,
        PRIMARY KEY (tenant_id, id)
      )`
  }).pipe(Effect.orDie)
)

const pgProbe = Layer.effect(
  StoreProbe,
  Effect.map(SqlClient.SqlClient, (sql) =>
    StoreProbe.of({
      rows: (tenant) =>
        sql<{ readonly row: Record<string, Json> }>`
          SELECT jsonb_strip_nulls(to_jsonb(t)) AS row FROM public.test_rows AS t
          WHERE tenant_id = ${tenant} ORDER BY id`.pipe(
          Effect.map((rows) => rows.map((r) => r.row)),
          Effect.orDie
        )
    })
  )
)

/** The Postgres store on a fresh database of the chosen server, with its SQL client for probing. */
export const pgStore = (
  kind: TestServerKind
): Layer.Layer<EventStore | StoreProbe | SqlClient.SqlClient | PgClient.PgClient | TestDatabaseUrl> =>
  Layer.mergeAll(PgEventStore.layer, pgProbe).pipe(
    Layer.provide(migrated),
    Layer.provideMerge(testDatabase(kind)),
    Layer.provide(testConfig)
  )
