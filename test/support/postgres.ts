import { randomBytes } from "node:crypto"
import { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"
import { inject } from "vitest"

/** A database made for one test suite, on a server shared by the run. */
export interface TestDatabase {
  readonly url: string
  /** Drops it, ending any session still connected. */
  readonly drop: () => Promise<void>
}

/** The Postgres server of `DATABASE_URL` (CI's) or the embedded one the global setup started. */
export type TestServerKind = "server" | "embedded"

const serverUrl = (): string => process.env["DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"

const embeddedUrl = (): string => {
  const embedded = inject("embeddedPostgres")
  if ("url" in embedded) return embedded.url
  throw new Error(
    `Expected the embedded Postgres of the global setup to run, but it failed to start:\n${embedded.error}`
  )
}

/** The same server's `postgres` database, from which databases are created and dropped. */
const maintenanceUrl = (url: string): string => {
  const parsed = new URL(url)
  parsed.pathname = "/postgres"
  return parsed.toString()
}

const onMaintenance = <A, E>(url: string, work: Effect.Effect<A, E, SqlClient.SqlClient>): Promise<A> =>
  Effect.runPromise(
    work.pipe(
      Effect.provide(PgClient.layer({ url: Redacted.make(maintenanceUrl(url)), connectTimeout: "5 seconds" }))
    )
  )

/** Creates a uniquely named database on the chosen server. */
export const createTestDatabase = async (kind: TestServerKind): Promise<TestDatabase> => {
  const url = kind === "server" ? serverUrl() : embeddedUrl()
  const name = `foldflow_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`
  await onMaintenance(
    url,
    Effect.flatMap(SqlClient.SqlClient, (sql) => sql`CREATE DATABASE ${sql(name)}`)
  )
  const database = new URL(url)
  database.pathname = `/${name}`
  return {
    url: database.toString(),
    drop: () =>
      onMaintenance(
        url,
        Effect.flatMap(SqlClient.SqlClient, (sql) => sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`)
      ).then(() => undefined)
  }
}

let available: Promise<boolean> | undefined

/** Whether the `DATABASE_URL` server (default 127.0.0.1:5432) answers; asked once per worker. */
export const serverAvailable = (): Promise<boolean> => {
  available ??= Effect.runPromise(
    Effect.flatMap(SqlClient.SqlClient, (sql) => sql`SELECT 1`).pipe(
      Effect.provide(
        PgClient.layer({ url: Redacted.make(maintenanceUrl(serverUrl())), connectTimeout: "2 seconds" })
      ),
      Effect.as(true),
      Effect.catchAllCause(() => Effect.succeed(false))
    )
  )
  return available
}
