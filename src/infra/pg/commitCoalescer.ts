import type { SqlError } from "@effect/sql/SqlError"
import type { Scope } from "effect"
import { Deferred, Effect, FiberId, FiberSet } from "effect"

/** A commit waiting for a call to the database. */
interface Waiting<A, O> {
  readonly input: A
  readonly key: string
  readonly done: Deferred.Deferred<O, SqlError>
}

export interface CoalescerOptions<A, O> {
  /** Calls in flight at most; beyond, commits wait and go together in the next call. */
  readonly maxInFlight: number
  readonly maxBatch: number
  readonly one: (input: A) => Effect.Effect<O, SqlError>
  /** Inputs sorted by key, so every batch takes its locks in one global order. */
  readonly many: (inputs: ReadonlyArray<A>) => Effect.Effect<ReadonlyArray<O>, SqlError>
}

/**
 * Commit coalescing. While fewer than `maxInFlight` calls are running, a commit goes straight to
 * the database from its own fiber, so a lone writer pays nothing. When all are busy, commits
 * queue and the next free slot sends every queued commit in one call and one transaction: the
 * round trip, the transaction and the WAL flush are shared, and each commit keeps its own
 * atomicity and outcome. If a shared call fails (a deadlock on row changes, say), each of its
 * commits is retried alone, so one commit's failure is never another's.
 */
export const makeCoalescer = <A, O>(
  options: CoalescerOptions<A, O>
): Effect.Effect<
  { readonly submit: (input: A, key: string) => Effect.Effect<O, SqlError> },
  never,
  Scope.Scope
> =>
  Effect.gen(function* () {
    const run = yield* FiberSet.runtime(yield* FiberSet.make<void>())<never>()
    const queue: Array<Waiting<A, O>> = []
    let inFlight = 0

    const settle = (batch: ReadonlyArray<Waiting<A, O>>) => {
      if (batch.length === 1)
        return Effect.exit(options.one(batch[0]!.input)).pipe(
          Effect.flatMap((exit) => Deferred.done(batch[0]!.done, exit))
        )
      return options.many(batch.map((w) => w.input)).pipe(
        Effect.matchCauseEffect({
          onSuccess: (outcomes) =>
            Effect.forEach(batch, (w, i) => Deferred.succeed(w.done, outcomes[i]!), { discard: true }),
          onFailure: () =>
            Effect.forEach(
              batch,
              (w) =>
                Effect.exit(options.one(w.input)).pipe(Effect.flatMap((exit) => Deferred.done(w.done, exit))),
              { discard: true }
            )
        })
      )
    }

    const release = Effect.sync(() => {
      inFlight -= 1
      drain()
    })

    const drain = (): void => {
      while (queue.length > 0 && inFlight < options.maxInFlight) {
        const batch = queue
          .splice(0, options.maxBatch)
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        inFlight += 1
        run(Effect.ensuring(Effect.asVoid(settle(batch)), release))
      }
    }

    const submit = (input: A, key: string): Effect.Effect<O, SqlError> =>
      Effect.suspend(() => {
        if (inFlight < options.maxInFlight && queue.length === 0) {
          inFlight += 1
          return Effect.ensuring(options.one(input), release)
        }
        // Queued and drained in one synchronous step: no slot can free up in between unnoticed.
        const done = Deferred.unsafeMake<O, SqlError>(FiberId.none)
        queue.push({ input, key, done })
        drain()
        return Deferred.await(done)
      })

    return { submit }
  })
