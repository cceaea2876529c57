import { mkdtemp, rm } from "node:fs/promises"
import os from "node:os"
import path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, TestClock } from "effect"
import { EventStore } from "../../src/engine/ports/EventStore.ts"
import { checkpointWriter, readCheckpoints } from "../../src/infra/IntegrityCheckpoints.ts"
import * as MemoryEventStore from "../../src/infra/memory/MemoryEventStore.ts"
import { commit, create, event, freshTenant, instanceOf } from "./support/fixtures.ts"

/** The file's checkpoints once it has `count` of them (the writer's file I/O runs in real time). */
const linesOf = async (file: string, count: number) => {
  for (let attempt = 0; attempt < 200; attempt++) {
    const read = await Effect.runPromise(Effect.either(readCheckpoints(file)))
    if (read._tag === "Right" && read.right.length >= count) return read.right
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`Expected ${count} checkpoints in ${file}`)
}

describe("checkpointWriter", () => {
  it.scoped("appends a checkpoint per interval to a file outside the database, each verifiable later", () =>
    Effect.gen(function* () {
      const folder = yield* Effect.acquireRelease(
        Effect.promise(() => mkdtemp(path.join(os.tmpdir(), "foldflow-checkpoints-"))),
        (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
      )
      const file = path.join(folder, "nested", "checkpoints.jsonl")
      const store = yield* Layer.build(MemoryEventStore.layer)
      yield* Layer.build(
        checkpointWriter({ sink: { _tag: "file", path: file }, interval: "1 hour" }).pipe(
          Layer.provide(Layer.succeedContext(store))
        )
      )
      const run = <A, E>(effect: Effect.Effect<A, E, EventStore>) => Effect.provide(effect, store)
      yield* run(commit([create(instanceOf(freshTenant()), [event("A")])]))
      yield* TestClock.adjust("1 hour")
      yield* Effect.promise(() => linesOf(file, 1))
      yield* run(commit([create(instanceOf(freshTenant()), [event("B"), event("C")])]))
      yield* TestClock.adjust("1 hour")
      const written = yield* Effect.promise(() => linesOf(file, 2))
      expect(written.map((c) => c.count)).toEqual([1, 3])
      const memory = yield* Effect.provide(EventStore, store)
      for (const checkpoint of written)
        expect(yield* memory.verifyIntegrityCheckpoint(checkpoint)).toMatchObject({ _tag: "Consistent" })
    })
  )
})
