import { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Effect, Exit, Layer, Redacted, Scope } from "effect"
import { describe, expect, it } from "vitest"
import { createTestDatabase, serverAvailable, type TestServerKind } from "../../support/postgres.ts"

const sqlOn = (url: string) => PgClient.layer({ url: Redacted.make(url) })

const currentDatabase = (url: string) =>
  Effect.runPromise(
    Effect.flatMap(
      SqlClient.SqlClient,
      (sql) => sql<{ name: string }>`SELECT current_database() AS name`
    ).pipe(
      Effect.provide(sqlOn(url)),
      Effect.map((rows) => rows[0]?.name ?? "")
    )
  )

const databaseExists = (url: string, name: string) => {
  const maintenance = new URL(url)
  maintenance.pathname = "/postgres"
  return Effect.runPromise(
    Effect.flatMap(SqlClient.SqlClient, (sql) => sql`SELECT 1 FROM pg_database WHERE datname = ${name}`).pipe(
      Effect.provide(sqlOn(maintenance.toString())),
      Effect.map((rows) => rows.length === 1)
    )
  )
}

const kinds: ReadonlyArray<TestServerKind> = ["embedded", "server"]

describe.each(kinds)("createTestDatabase on the %s Postgres", (kind) => {
  it("makes a fresh database per call, which drop removes even while a client is connected", async ({
    skip
  }) => {
    if (kind === "server" && !(await serverAvailable())) skip("no Postgres at DATABASE_URL")
    const [first, second] = await Promise.all([createTestDatabase(kind), createTestDatabase(kind)])
    const [firstName, secondName] = await Promise.all([
      currentDatabase(first.url),
      currentDatabase(second.url)
    ])
    expect(firstName).toMatch(/^foldflow_test_/)
    expect(secondName).not.toBe(firstName)

    // A pool left open on the database, as a suite that forgot to close would leave it.
    const scope = Effect.runSync(Scope.make())
    await Effect.runPromise(
      Layer.buildWithScope(sqlOn(first.url), scope).pipe(
        Effect.flatMap((context) =>
          Effect.provide(
            Effect.flatMap(SqlClient.SqlClient, (sql) => sql`SELECT 1`),
            context
          )
        )
      )
    )
    await Promise.all([first.drop(), second.drop()])
    await Effect.runPromise(Scope.close(scope, Exit.void))

    expect(await databaseExists(first.url, firstName)).toBe(false)
    expect(await databaseExists(second.url, secondName)).toBe(false)
  })
})
