import { SqlError } from "@effect/sql/SqlError"
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Either, Fiber } from "effect"
import { makeCoalescer } from "../../../src/infra/pg/commitCoalescer.ts"

/** A fake database: `one` waits for its gate, so tests decide when calls finish. */
const fakeDatabase = Effect.gen(function* () {
  const calls: Array<ReadonlyArray<string>> = []
  const gate = yield* Deferred.make<void>()
  let failMany = false
  const coalescer = yield* makeCoalescer<string, string>({
    maxInFlight: 1,
    maxBatch: 3,
    one: (input) =>
      Effect.gen(function* () {
        calls.push([input])
        if (input === "first") yield* Deferred.await(gate)
        if (input === "bad") return yield* new SqlError({ message: "rejected" })
        return `${input}:done`
      }),
    many: (inputs) =>
      Effect.suspend(() => {
        calls.push(inputs)
        return failMany
          ? Effect.fail(new SqlError({ message: "deadlock" }))
          : Effect.succeed(inputs.map((i) => `${i}:shared`))
      })
  })
  return { calls, gate, coalescer, failNextBatches: () => (failMany = true) }
})

/** Lets forked fibers run up to their next wait. */
const settle = Effect.sleep("20 millis")

describe("makeCoalescer", () => {
  it.scopedLive(
    "sends a lone commit at once and queues the rest into calls of at most maxBatch, sorted by key",
    () =>
      Effect.gen(function* () {
        const { calls, coalescer, gate } = yield* fakeDatabase
        const first = yield* Effect.fork(coalescer.submit("first", "m"))
        yield* settle
        const later = yield* Effect.fork(
          Effect.all(
            ["d", "b", "c", "a"].map((k) => coalescer.submit(k, k)),
            { concurrency: "unbounded" }
          )
        )
        yield* settle
        expect(calls).toEqual([["first"]])
        yield* Deferred.succeed(gate, undefined)
        expect(yield* Fiber.join(first)).toBe("first:done")
        expect(yield* Fiber.join(later)).toEqual(["d:shared", "b:shared", "c:shared", "a:done"])
        expect(calls).toEqual([["first"], ["b", "c", "d"], ["a"]])
      })
  )

  it.scopedLive("retries each commit of a failed shared call alone, so one failure stays its own", () =>
    Effect.gen(function* () {
      const { calls, coalescer, failNextBatches, gate } = yield* fakeDatabase
      failNextBatches()
      const first = yield* Effect.fork(coalescer.submit("first", "m"))
      yield* settle
      const later = yield* Effect.fork(
        Effect.all(
          ["x", "bad"].map((k) => Effect.either(coalescer.submit(k, k))),
          { concurrency: "unbounded" }
        )
      )
      yield* settle
      yield* Deferred.succeed(gate, undefined)
      yield* Fiber.join(first)
      const [x, bad] = yield* Fiber.join(later)
      expect(x).toEqual(Either.right("x:done"))
      expect(Either.isLeft(bad!)).toBe(true)
      expect(calls).toEqual([["first"], ["bad", "x"], ["bad"], ["x"]])
    })
  )
})
