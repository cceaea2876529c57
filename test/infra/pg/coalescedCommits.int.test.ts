import { SqlClient } from "@effect/sql"
import { describe, expect, layer } from "@effect/vitest"
import { Deferred, Duration, Effect, Either, Layer } from "effect"
import type { StreamId } from "../../../src/domain/ids.ts"
import { EventStore } from "../../../src/engine/ports/EventStore.ts"
import { upsertRow } from "../../../src/engine/ports/RowChanges.ts"
import { EventStoreConfig } from "../../../src/infra/EventStoreConfig.ts"
import * as PgEventStore from "../../../src/infra/pg/PgEventStore.ts"
import { postgresKinds } from "../support/backends.ts"
import { commit, create, event, extend, freshTenant, headOf, instanceOf } from "../support/fixtures.ts"
import { migrated, testDatabase, testTable } from "../support/stores.ts"

/** One commit call at a time: every commit made while it runs waits and shares the next call. */
const coalescingStore = (kind: "server" | "embedded") =>
  PgEventStore.layer.pipe(
    Layer.provide(migrated),
    Layer.provideMerge(testDatabase(kind)),
    Layer.provide(EventStoreConfig.layer({ commitConcurrency: 1, pollInterval: Duration.millis(200) }))
  )

const rowsOf = (tenant: string) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql<{ readonly id: string; readonly status: string }>`
      SELECT id, status FROM public.test_rows WHERE tenant_id = ${tenant} ORDER BY id`.pipe(Effect.orDie)
  )

/** Transactions that wrote the streams' events after their first (which came before the test's queue). */
const transactionsOf = (streams: ReadonlyArray<StreamId>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql<{ readonly n: number }>`
      SELECT count(DISTINCT transaction_id)::int AS n FROM public.events
      WHERE stream_id IN ${sql.in(streams)} AND event_type <> 'Created'`.pipe(
      Effect.map((rows) => rows[0]!.n),
      Effect.orDie
    )
  )

for (const { kind, skip } of postgresKinds) {
  describe.skipIf(skip)(`Postgres commits coalesced into one call (${kind})`, () => {
    layer(coalescingStore(kind), { excludeTestServices: true, timeout: "180 seconds" })((it) => {
      it.effect(
        "gives each commit of a shared call its own outcome, writing only the winners' events and rows",
        () =>
          Effect.gen(function* () {
            const store = yield* EventStore
            const tenant = freshTenant()
            const [busy, raced, grown, fresh1, fresh2] = Array.from({ length: 5 }, () => instanceOf(tenant))
            const heads = yield* Effect.all([
              commit([create(busy!, [event("Created")])]),
              commit([create(raced!, [event("Created")])]),
              commit([create(grown!, [event("Created")])])
            ])
            // A commit call in flight holds the only slot, blocked on a row lock, until the rest queued.
            const locked = yield* Deferred.make<void>()
            const release = yield* Deferred.make<void>()
            const lock = yield* Effect.fork(
              Effect.flatMap(SqlClient.SqlClient, (sql) =>
                sql.withTransaction(
                  sql`SELECT 1 FROM public.streams WHERE stream_id = ${busy!} FOR UPDATE`.pipe(
                    Effect.zipRight(Deferred.succeed(locked, undefined)),
                    Effect.zipRight(Deferred.await(release))
                  )
                )
              )
            )
            yield* Deferred.await(locked)
            const holder = yield* Effect.fork(
              commit([extend(busy!, headOf(heads[0], busy!), [event("Held")])])
            )
            yield* Effect.sleep("50 millis")
            const row = (id: StreamId, status: string) => [
              upsertRow(testTable, { tenant_id: tenant, id }, { status })
            ]
            const queued = yield* Effect.fork(
              Effect.all(
                [
                  commit(
                    [extend(raced!, headOf(heads[1], raced!), [event("Raced", { side: "left" })])],
                    row(raced!, "left")
                  ),
                  commit(
                    [extend(raced!, headOf(heads[1], raced!), [event("Raced", { side: "right" })])],
                    row(raced!, "right")
                  ),
                  commit(
                    [extend(grown!, headOf(heads[2], grown!), [event("A"), event("B"), event("C")])],
                    row(grown!, "grown")
                  ),
                  commit([create(fresh1!, [event("Created"), event("Next")])]),
                  commit([create(fresh1!, [event("Created")])], row(fresh1!, "loser")),
                  commit([create(fresh2!, [event("Created")])], row(fresh2!, "fresh"))
                ].map(Effect.either),
                { concurrency: "unbounded" }
              )
            )
            yield* Effect.sleep("50 millis")
            yield* Deferred.succeed(release, undefined)
            yield* lock.await
            yield* holder.await
            const [left, right, grew, fresh1a, fresh1b, fresh2a] = yield* queued.await.pipe(Effect.flatten)
            // One of the racers wins; the other sees the winner's version.
            const outcomes = [left!, right!]
            expect(outcomes.filter(Either.isRight)).toHaveLength(1)
            const loser = outcomes.find(Either.isLeft)!
            expect(loser.left).toMatchObject({
              _tag: "StreamVersionConflict",
              conflicts: [{ stream: raced, expected: 1, actual: 2 }]
            })
            expect(Either.isRight(grew!) && grew.right.appended).toEqual([
              { stream: grown, firstVersion: 2, lastVersion: 4, lastHash: expect.any(String) }
            ])
            expect([fresh1a!, fresh1b!].filter(Either.isRight)).toHaveLength(1)
            expect(Either.isRight(fresh2a!)).toBe(true)
            const winner = (yield* store.read(raced!)).events[1]!.data as { side: string }
            expect(yield* rowsOf(tenant)).toEqual(
              [
                { id: raced!, status: winner.side },
                { id: grown!, status: "grown" },
                { id: fresh2!, status: "fresh" },
                ...(Either.isRight(fresh1b!) ? [{ id: fresh1!, status: "loser" }] : [])
              ].sort((a, b) => (a.id < b.id ? -1 : 1))
            )
            for (const stream of [busy!, raced!, grown!, fresh1!, fresh2!])
              expect(yield* store.verifyStream(stream)).toMatchObject({ _tag: "Intact" })
            expect((yield* store.read(grown!)).events.map((e) => e.type)).toEqual(["Created", "A", "B", "C"])
            // The six queued commits shared one call, so one transaction wrote all their events.
            expect(yield* transactionsOf([raced!, grown!, fresh1!, fresh2!])).toBe(1)
          })
      )
    })
  })
}
