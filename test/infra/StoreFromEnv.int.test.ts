import { chmod, mkdtemp, rm } from "node:fs/promises"
import os from "node:os"
import path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer } from "effect"
import { EventStore } from "../../src/engine/ports/EventStore.ts"
import { DatabaseTarget, layerFromEnv } from "../../src/infra/StoreFromEnv.ts"
import { createTestDatabase } from "../support/postgres.ts"
import { postgresKinds } from "./support/backends.ts"
import { commit, create, event, freshTenant, instanceOf } from "./support/fixtures.ts"

const withEnv = (env: Record<string, string>) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

/** Commits through the store the environment chose and reads the stream back. */
const roundTrip = Effect.gen(function* () {
  const stream = instanceOf(freshTenant())
  yield* commit([create(stream, [event("Started")])])
  return (yield* Effect.flatMap(EventStore, (store) => store.read(stream))).version
})

describe("layerFromEnv", () => {
  it.live.skipIf(postgresKinds[0]!.skip)("uses the server of DATABASE_URL, migrating it when asked", () =>
    Effect.gen(function* () {
      const database = yield* Effect.acquireRelease(
        Effect.promise(() => createTestDatabase("server")),
        (db) => Effect.promise(() => db.drop())
      )
      const store = yield* Layer.build(
        layerFromEnv({ migrateOnStart: "always" }).pipe(
          Layer.provide(withEnv({ DATABASE_URL: database.url }))
        )
      )
      expect(Effect.runSync(Effect.provide(DatabaseTarget, store)).kind).toBe("url")
      expect(yield* Effect.provide(roundTrip, store)).toBe(1)
    }).pipe(Effect.scoped)
  )

  it.live(
    "starts, migrates and stops the embedded Postgres in FOLDFLOW_DATA_DIR when DATABASE_URL is unset",
    () =>
      Effect.gen(function* () {
        const folder = yield* Effect.acquireRelease(
          Effect.promise(async () => {
            const dir = await mkdtemp(path.join(os.tmpdir(), "foldflow-store-env-"))
            await chmod(dir, 0o755)
            return dir
          }),
          (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
        )
        const stream = instanceOf(freshTenant())
        const withStore = <A, E>(body: Effect.Effect<A, E, EventStore>) =>
          Effect.gen(function* () {
            const store = yield* Layer.build(
              layerFromEnv().pipe(Layer.provide(withEnv({ FOLDFLOW_DATA_DIR: folder })))
            )
            const target = Effect.runSync(Effect.provide(DatabaseTarget, store))
            expect(target.kind).toBe("embedded")
            expect(target.description).toContain(path.join(folder, "pg"))
            return yield* Effect.provide(body, store)
          }).pipe(Effect.scoped)
        yield* withStore(commit([create(stream, [event("Started")])]))
        // The folder is reused after a clean stop: a new server finds the stream.
        const slice = yield* withStore(Effect.flatMap(EventStore, (store) => store.read(stream)))
        expect(slice.version).toBe(1)
      }).pipe(Effect.scoped),
    120_000
  )
})
