import { Command } from "@effect/cli"
import { Cause, Console, Effect, Option } from "effect"
import { migrate as migrateDatabase } from "../../infra/pg/migrate.ts"
import { DatabaseTarget, databaseFromEnv } from "../../infra/StoreFromEnv.ts"

/** The failure's own message and its cause's (the server's words), or the whole cause for a defect. */
const explain = (cause: Cause.Cause<unknown>): string =>
  Option.match(Cause.failureOption(cause), {
    onNone: () => Cause.pretty(cause),
    onSome: (error) => {
      const message = error instanceof Error ? error.message : String(error)
      const inner = (error as { readonly cause?: unknown }).cause
      return inner instanceof Error && inner.message !== "" ? `${message}: ${inner.message}` : message
    }
  })

/**
 * `foldflow migrate`: brings the database of `DATABASE_URL` (else the embedded one in
 * `$FOLDFLOW_DATA_DIR/pg`) up to date and creates the event partitions ahead. Exit code 1 on failure.
 */
export const migrate = Command.make("migrate", {}, () =>
  Effect.gen(function* () {
    const target = yield* DatabaseTarget
    const applied = yield* migrateDatabase
    for (const [id, name] of applied) yield* Console.log(`Applied ${String(id).padStart(4, "0")}_${name}`)
    yield* Console.log(
      applied.length === 0 ? `Already up to date: ${target.description}` : `Migrated ${target.description}`
    )
  }).pipe(
    Effect.provide(databaseFromEnv),
    Effect.catchAllCause((cause) =>
      Console.error(`foldflow migrate failed: ${explain(cause)}`).pipe(
        Effect.zipRight(Effect.sync(() => (process.exitCode = 1)))
      )
    )
  )
).pipe(
  Command.withDescription("Create or update the database schema (DATABASE_URL, else the embedded Postgres)")
)
