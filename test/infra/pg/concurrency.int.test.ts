import { SqlClient } from "@effect/sql"
import { describe, expect, layer } from "@effect/vitest"
import { Deferred, Effect, Either, Option, Random, Ref } from "effect"
import type { StreamId, TenantId } from "../../../src/domain/ids.ts"
import { EventStore } from "../../../src/engine/ports/EventStore.ts"
import { upsertRow } from "../../../src/engine/ports/RowChanges.ts"
import type { FeedCursor } from "../../../src/engine/ports/FeedCursor.ts"
import type { RecordedEvent } from "../../../src/engine/ports/RecordedEvent.ts"
import { postgresKinds } from "../support/backends.ts"
import {
  alias,
  commit,
  create,
  definitionOf,
  event,
  extend,
  freshTenant,
  headOf,
  instanceOf,
  visible
} from "../support/fixtures.ts"
import { pgStore, StoreProbe, testTable } from "../support/stores.ts"

const identity = (e: RecordedEvent) => `${e.stream}@${e.version}`

/** Appends one event, reloading and retrying after each conflict; returns how many conflicts it met. */
const appendWithRetry = (stream: StreamId, data: { readonly writer: number }) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    let conflicts = 0
    while (true) {
      const head = yield* store.read(stream, { limit: 0 })
      const result = yield* Effect.either(store.commit([extend(stream, head, [event("Raced", data)])]))
      if (Either.isRight(result)) return conflicts
      expect(result.left._tag).toBe("StreamVersionConflict")
      conflicts += 1
    }
  })

/**
 * A writer committing `commits` times to its own stream; every third commit is held open for a
 * few milliseconds after its events are written, so commit order differs from position order.
 */
const writer = (stream: StreamId, commits: number) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    let head = { version: 0, lastHash: "0".repeat(64) }
    for (let i = 0; i < commits; i++) {
      const events = Array.from({ length: 1 + (i % 3) }, (_, n) => event("Wrote", { i, n }))
      const append = head.version === 0 ? create(stream, events) : extend(stream, head, events)
      const delay = yield* Random.nextIntBetween(1, 15)
      const result =
        i % 3 === 0
          ? yield* sql.withTransaction(Effect.zipLeft(commit([append]), Effect.sleep(`${delay} millis`)))
          : yield* commit([append])
      const appended = result.appended[0]!
      head = { version: appended.lastVersion, lastHash: appended.lastHash }
    }
    return head.version
  })

/** Follows a tenant's feed until `expected` events arrived or `stop` is done and the feed is drained. */
const follow = (
  tenant: TenantId,
  seen: Ref.Ref<ReadonlyArray<RecordedEvent>>,
  stop: Deferred.Deferred<number>
) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    let cursor: FeedCursor | undefined
    while (true) {
      const page = yield* store.readFeed(cursor, { tenant, limit: 50 })
      cursor = page.cursor
      const all = yield* Ref.updateAndGet(seen, (before) => [...before, ...page.events])
      const expected = Option.getOrUndefined(yield* Deferred.poll(stop))
      if (expected !== undefined && all.length >= (yield* expected)) return
      if (page.events.length === 0) yield* Effect.sleep("2 millis")
    }
  })

for (const { kind, skip } of postgresKinds) {
  describe.skipIf(skip)(`Postgres event store (${kind}) under concurrency`, () => {
    layer(pgStore(kind), { excludeTestServices: true, timeout: "180 seconds" })((it) => {
      it.effect(
        "lets exactly one of 50 racing writers win each version; the losers get a conflict and retry",
        () =>
          Effect.gen(function* () {
            const store = yield* EventStore
            const stream = instanceOf(freshTenant())
            yield* commit([create(stream, [event("Created")])])
            const gate = yield* Deferred.make<void>()
            const racers = Effect.forEach(
              Array.from({ length: 50 }, (_, writer) => writer),
              (writer) => Effect.zipRight(Deferred.await(gate), appendWithRetry(stream, { writer })),
              { concurrency: "unbounded" }
            ).pipe(Effect.fork)
            const fiber = yield* racers
            yield* Deferred.succeed(gate, undefined)
            const conflicts = yield* fiber.await.pipe(Effect.flatten)
            expect(conflicts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(49)
            const slice = yield* store.read(stream)
            expect(slice.events.map((e) => e.version)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1))
            const writers = slice.events.slice(1).map((e) => (e.data as { writer: number }).writer)
            expect([...writers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i))
            expect(yield* store.verifyStream(stream)).toMatchObject({ _tag: "Intact", version: 51 })
          }),
        120_000
      )

      it.effect(
        "shows a feed reader every event of 16 concurrent writers exactly once, late commits included",
        () =>
          Effect.gen(function* () {
            const store = yield* EventStore
            for (let round = 0; round < 4; round++) {
              const tenant = freshTenant()
              const streams = Array.from({ length: 16 }, () => instanceOf(tenant))
              const seen = yield* Ref.make<ReadonlyArray<RecordedEvent>>([])
              const stop = yield* Deferred.make<number>()
              const reader = yield* follow(tenant, seen, stop).pipe(Effect.fork)
              const versions = yield* Effect.forEach(streams, (stream) => writer(stream, 12), {
                concurrency: "unbounded"
              })
              const total = versions.reduce((a, b) => a + b, 0)
              yield* Deferred.succeed(stop, total)
              yield* reader.await.pipe(Effect.flatten, Effect.timeout("30 seconds"))
              const events = yield* Ref.get(seen)
              const ids = events.map(identity)
              expect(new Set(ids).size).toBe(ids.length)
              expect(ids.length).toBe(total)
              for (const stream of streams) {
                const full = yield* store.read(stream)
                const fromFeed = events.filter((e) => e.stream === stream)
                expect(fromFeed.map((e) => e.version)).toEqual(full.events.map((e) => e.version))
                expect(fromFeed.map((e) => e.hash)).toEqual(full.events.map((e) => e.hash))
              }
            }
          }),
        120_000
      )

      it.effect("keeps each commit atomic on its own when concurrent commits share a call", () =>
        Effect.gen(function* () {
          const probe = yield* StoreProbe
          const tenant = freshTenant()
          const streams = Array.from({ length: 20 }, () => instanceOf(tenant))
          const created = yield* Effect.forEach(
            streams,
            (stream) => commit([create(stream, [event("Created")])]),
            {
              concurrency: "unbounded"
            }
          )
          // Two commits per stream from the same head: one wins, the other must leave no row behind.
          const attempts = streams.flatMap((stream, i) =>
            ["left", "right"].map((side) =>
              Effect.either(
                commit(
                  [extend(stream, headOf(created[i]!, stream), [event("Raced", { side })])],
                  [upsertRow(testTable, { tenant_id: tenant, id: stream }, { status: side })]
                )
              )
            )
          )
          const results = yield* Effect.all(attempts, { concurrency: "unbounded" })
          expect(results.filter(Either.isLeft).map((r) => r.left._tag)).toEqual(
            Array(20).fill("StreamVersionConflict")
          )
          const rows = yield* probe.rows(tenant)
          for (const stream of streams) {
            const slice = yield* Effect.flatMap(EventStore, (store) => store.read(stream))
            expect(slice.version).toBe(2)
            const winner = (slice.events[1]!.data as { side: string }).side
            expect(rows.find((r) => r["id"] === stream)).toMatchObject({ status: winner })
          }
        })
      )

      it.effect("keeps tenants apart while they write the same alias and definition name at once", () =>
        Effect.gen(function* () {
          const store = yield* EventStore
          const tenants = Array.from({ length: 8 }, () => freshTenant())
          const started = yield* Effect.forEach(
            tenants,
            (tenant) =>
              Effect.gen(function* () {
                const instance = instanceOf(tenant)
                yield* commit([
                  create(definitionOf(tenant, "shared-name"), [event("Published", { tenant })]),
                  create(instance, [event("Started", { tenant })], { alias: alias("client-id-1") })
                ])
                return [tenant, instance] as const
              }),
            { concurrency: "unbounded" }
          )
          for (const [tenant, instance] of started) {
            expect(yield* store.resolveAlias(tenant, alias("client-id-1"))).toEqual(Option.some(instance))
            const feed = yield* visible(tenant, 2)
            expect(feed.events.map((e) => e.data)).toEqual([{ tenant }, { tenant }])
          }
        })
      )
    })
  })
}
