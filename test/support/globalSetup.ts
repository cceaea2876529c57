import { chmod, mkdtemp, rm } from "node:fs/promises"
import os from "node:os"
import path from "node:path"
import { Cause, Effect, Exit, Redacted, Scope } from "effect"
import type { TestProject } from "vitest/node"
import { startEmbeddedPostgres } from "../../src/infra/embedded/EmbeddedPostgres.ts"

declare module "vitest" {
  export interface ProvidedContext {
    /** The embedded Postgres started for this run: its URL, or why it could not start. */
    embeddedPostgres: { readonly url: string } | { readonly error: string }
  }
}

/**
 * Starts one embedded Postgres for the whole vitest run, in a temporary folder with fsync off;
 * `createTestDatabase("embedded")` makes databases on it. A failure to start fails only the
 * tests that ask for it, with the reason.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "foldflow-test-pg-"))
  // mkdtemp makes it 0700; as root, the server's own user must be able to pass through it.
  await chmod(folder, 0o755)
  const scope = Effect.runSync(Scope.make())
  const started = await Effect.runPromiseExit(
    startEmbeddedPostgres({ dataDir: path.join(folder, "pg"), durable: false }).pipe(Scope.extend(scope))
  )
  project.provide(
    "embeddedPostgres",
    Exit.match(started, {
      onSuccess: (server) => ({ url: Redacted.value(server.url) }),
      onFailure: (cause) => ({ error: Cause.pretty(cause) })
    })
  )
  return async () => {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    await rm(folder, { recursive: true, force: true })
  }
}
