import { SqlClient } from "@effect/sql"
import { describe, expect, layer } from "@effect/vitest"
import { Deferred, Duration, Effect, Fiber, Layer, Ref, Schedule } from "effect"
import type { SubscriberName } from "../../../src/engine/ports/EventStore.ts"
import { EventStore } from "../../../src/engine/ports/EventStore.ts"
import type { RecordedEvent } from "../../../src/engine/ports/RecordedEvent.ts"
import { EventStoreConfig } from "../../../src/infra/EventStoreConfig.ts"
import * as PgEventStore from "../../../src/infra/pg/PgEventStore.ts"
import { postgresKinds } from "../support/backends.ts"
import { commit, create, event, freshTenant, instanceOf } from "../support/fixtures.ts"
import { pgStore, TestDatabaseUrl } from "../support/stores.ts"

const identity = (e: RecordedEvent) => `${e.stream}@${e.version}`

for (const { kind, skip } of postgresKinds) {
  describe.skipIf(skip)(`Postgres feed (${kind})`, () => {
    layer(pgStore(kind), { excludeTestServices: true, timeout: "180 seconds" })((it) => {
      it.effect("holds back events behind an open transaction, then shows them in transaction order", () =>
        Effect.gen(function* () {
          const store = yield* EventStore
          const sql = yield* SqlClient.SqlClient
          const tenant = freshTenant()
          const [early, late] = [instanceOf(tenant), instanceOf(tenant)]
          const written = yield* Deferred.make<void>()
          const release = yield* Deferred.make<void>()
          // The early stream's events get their transaction id and positions first, but commit last.
          const open = yield* sql
            .withTransaction(
              Effect.gen(function* () {
                yield* commit([create(early, [event("E1"), event("E2")])])
                yield* Deferred.succeed(written, undefined)
                yield* Deferred.await(release)
              })
            )
            .pipe(Effect.fork)
          yield* Deferred.await(written)
          yield* commit([create(late, [event("L1")])])
          expect((yield* store.readFeed(undefined, { tenant })).events).toEqual([])
          yield* Effect.sleep("50 millis")
          const held = yield* store.metrics
          expect(held.oldestOpenTransactionMs).toBeGreaterThanOrEqual(40)
          expect(held.feedHorizonAgeMs).toBeGreaterThanOrEqual(40)

          yield* Deferred.succeed(release, undefined)
          yield* Fiber.join(open)
          // Other suites' transactions on the same server may hold the horizon for a moment.
          const page = yield* store.readFeed(undefined, { tenant }).pipe(
            Effect.filterOrFail((p) => p.events.length === 3),
            Effect.retry(Schedule.spaced("20 millis")),
            Effect.timeout("10 seconds")
          )
          expect(page.events.map(identity)).toEqual([`${early}@1`, `${early}@2`, `${late}@1`])
          expect(page.events[2]!.position).toBeGreaterThan(page.events[0]!.position)
        })
      )

      it.effect("wakes a subscriber of another process through NOTIFY, long before its poll", () =>
        Effect.gen(function* () {
          const url = yield* TestDatabaseUrl
          const tenant = freshTenant()
          const elsewhere = yield* Layer.build(
            PgEventStore.layerFromUrl(url, 4).pipe(
              Layer.provide(EventStoreConfig.layer({ pollInterval: Duration.hours(1) }))
            )
          )
          const other = yield* Effect.provide(EventStore, elsewhere)
          const received = yield* Ref.make<ReadonlyArray<string>>([])
          const done = yield* Deferred.make<void>()
          yield* other
            .subscribe(
              "notified" as SubscriberName,
              (page) =>
                Ref.update(received, (all) => [...all, ...page.events.map(identity)]).pipe(
                  Effect.zipRight(Deferred.succeed(done, undefined))
                ),
              { tenant }
            )
            .pipe(Effect.forkScoped)
          // Let the subscriber find the feed empty and start its hour-long wait; then commit until the
          // other process has its LISTEN in place and hears one.
          yield* Effect.sleep("500 millis")
          const ping = Effect.suspend(() => commit([create(instanceOf(tenant), [event("Ping")])])).pipe(
            Effect.zipRight(Effect.sleep("200 millis")),
            Effect.forever
          )
          yield* Effect.race(Deferred.await(done), ping).pipe(Effect.timeout("10 seconds"))
          expect((yield* Ref.get(received)).length).toBeGreaterThanOrEqual(1)
        }).pipe(Effect.scoped)
      )
    })

    layer(pgStore(kind), { excludeTestServices: true, timeout: "180 seconds" })((it) => {
      it.effect("creates a missing month partition when a commit needs it", () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const [current] = yield* sql<{ readonly name: string }>`
            SELECT to_char(now() AT TIME ZONE 'UTC', '"events_y"YYYY"m"MM') AS name`
          yield* sql`DROP TABLE ${sql(current!.name)}`
          const stream = instanceOf(freshTenant())
          yield* commit([create(stream, [event("A")])])
          expect((yield* Effect.flatMap(EventStore, (store) => store.read(stream))).version).toBe(1)
          const [exists] = yield* sql<{ readonly found: boolean }>`
            SELECT to_regclass(${`public.${current!.name}`}) IS NOT NULL AS found`
          expect(exists!.found).toBe(true)
        })
      )
    })
  })
}
