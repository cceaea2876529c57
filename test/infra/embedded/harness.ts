import { chmod, mkdtemp, readdir, readFile } from "node:fs/promises"
import os from "node:os"
import path from "node:path"
import { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Effect, Either, Exit, Redacted, Scope } from "effect"
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresOptions,
  type RunningEmbeddedPostgres
} from "../../../src/infra/embedded/EmbeddedPostgres.ts"

/** A new temporary folder the server's user can pass through (mkdtemp makes it 0700). */
export const freshFolder = async (): Promise<string> => {
  const folder = await mkdtemp(path.join(os.tmpdir(), "foldflow-embedded-test-"))
  await chmod(folder, 0o755)
  return folder
}

export interface Started {
  readonly server: RunningEmbeddedPostgres
  readonly stop: () => Promise<void>
}

/** Starts a throwaway (fsync off) server; `stop` closes its scope. */
export const start = async (
  options: Partial<EmbeddedPostgresOptions> & { dataDir: string }
): Promise<Started> => {
  const scope = Effect.runSync(Scope.make())
  const server = await Effect.runPromise(
    startEmbeddedPostgres({ durable: false, ...options }).pipe(Scope.extend(scope))
  )
  return { server, stop: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
}

/** The typed failure of a start that must fail; a start that succeeds is stopped and throws. */
export const startFailure = async (options: Partial<EmbeddedPostgresOptions> & { dataDir: string }) => {
  const outcome = await Effect.runPromise(
    Effect.scoped(Effect.either(startEmbeddedPostgres({ durable: false, ...options })))
  )
  if (Either.isRight(outcome))
    throw new Error(`Expected the start on ${options.dataDir} to fail, but it succeeded`)
  return outcome.left
}

export const query = (
  server: RunningEmbeddedPostgres,
  text: string
): Promise<ReadonlyArray<Record<string, unknown>>> =>
  Effect.runPromise(
    Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe<Record<string, unknown>>(text)).pipe(
      Effect.provide(PgClient.layer({ url: server.url }))
    )
  )

/** Pids of the processes whose command line mentions `text` (Linux /proc). */
export const processesMentioning = async (text: string): Promise<ReadonlyArray<number>> => {
  const pids = (await readdir("/proc")).filter((entry) => /^\d+$/.test(entry))
  const found: Array<number> = []
  for (const pid of pids) {
    const commandLine = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")
    if (commandLine.includes(text) && Number(pid) !== process.pid) found.push(Number(pid))
  }
  return found
}

export const waitUntil = async (what: string, condition: () => boolean | Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + 20_000
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Expected ${what} within 20 s, but it did not happen`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

export const urlOf = (server: RunningEmbeddedPostgres): string => Redacted.value(server.url)
