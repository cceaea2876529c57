import { SqlClient } from "@effect/sql"
import { describe, expect, layer } from "@effect/vitest"
import { Effect, Either } from "effect"
import type { StreamId } from "../../../src/domain/ids.ts"
import { tenantOf } from "../../../src/domain/ids.ts"
import { EventStore } from "../../../src/engine/ports/EventStore.ts"
import { linkHash } from "../../../src/infra/hashChain.ts"
import { migrate } from "../../../src/infra/pg/migrate.ts"
import { postgresKinds } from "../support/backends.ts"
import {
  commit,
  create,
  event,
  extend,
  freshTenant,
  headOf,
  instanceOf,
  visible
} from "../support/fixtures.ts"
import { pgStore } from "../support/stores.ts"

/** Runs statements with triggers off, as an attacker with superuser rights could. */
const tamper = (statements: (sql: SqlClient.SqlClient) => Effect.Effect<unknown, unknown>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql.withTransaction(
      Effect.zipRight(sql`SET LOCAL session_replication_role = replica`, Effect.orDie(statements(sql)))
    )
  ).pipe(Effect.orDie)

const threeEvents = (stream: StreamId) =>
  Effect.gen(function* () {
    const created = yield* commit([create(stream, [event("A", { amount: 10 })])])
    return yield* commit([extend(stream, headOf(created, stream), [event("B", { amount: 20 }), event("C")])])
  })

for (const { kind, skip } of postgresKinds) {
  describe.skipIf(skip)(`Postgres event store (${kind}) append-only`, () => {
    layer(pgStore(kind), { excludeTestServices: true, timeout: "180 seconds" })((it) => {
      it.effect("rejects UPDATE, DELETE and TRUNCATE of events, also on a partition", () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const stream = instanceOf(freshTenant())
          yield* commit([create(stream, [event("A")])])
          const attempts = {
            UPDATE: sql`UPDATE public.events SET data = '{}' WHERE stream_id = ${stream}`,
            DELETE: sql`DELETE FROM public.events WHERE stream_id = ${stream}`,
            TRUNCATE: sql`TRUNCATE public.events`
          }
          for (const [operation, attempt] of Object.entries(attempts)) {
            const result = yield* Effect.either(attempt)
            expect(Either.isLeft(result)).toBe(true)
            if (Either.isLeft(result))
              expect((result.left.cause as Error).message).toMatch(
                new RegExp(`^Expected events to be append-only, but ${operation} was attempted on events`)
              )
          }
          const [partition] = yield* sql<{ readonly name: string }>`
            SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'public.events'::regclass ORDER BY c.relname LIMIT 1`
          const truncatePartition = yield* Effect.either(sql`TRUNCATE ${sql(partition!.name)}`)
          expect(Either.isLeft(truncatePartition)).toBe(true)
          expect((yield* Effect.flatMap(EventStore, (store) => store.read(stream))).version).toBe(1)
        })
      )

      it.effect("has this month's and next month's partitions after migrate, and migrates only once", () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const partitions = yield* sql<{ readonly name: string }>`
            SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'public.events'::regclass ORDER BY 1`
          const [expected] = yield* sql<{ readonly current: string; readonly next: string }>`
            SELECT to_char(now() AT TIME ZONE 'UTC', '"events_y"YYYY"m"MM') AS current,
                   to_char((now() AT TIME ZONE 'UTC') + interval '1 month', '"events_y"YYYY"m"MM') AS next`
          expect(partitions.map((p) => p.name)).toEqual(
            expect.arrayContaining([expected!.current, expected!.next])
          )
          expect(yield* migrate).toEqual([])
        })
      )

      it.effect("names the first broken link when an event is edited behind the triggers' back", () =>
        Effect.gen(function* () {
          const store = yield* EventStore
          const stream = instanceOf(freshTenant())
          yield* threeEvents(stream)
          expect(yield* store.verifyStream(stream)).toMatchObject({ _tag: "Intact", version: 3 })
          yield* tamper(
            (sql) =>
              sql`UPDATE public.events SET data = '{"amount": 2000}' WHERE stream_id = ${stream} AND stream_version = 2`
          )
          const verdict = yield* store.verifyStream(stream)
          expect(verdict).toMatchObject({ _tag: "Broken", stream, version: 2 })
          if (verdict._tag === "Broken")
            expect(verdict.reason).toMatch(/^Expected hash [0-9a-f]{64} recomputed/)
        })
      )

      it.effect("names a missing event and a head that claims more than the events hold", () =>
        Effect.gen(function* () {
          const store = yield* EventStore
          const [gap, cut] = [instanceOf(freshTenant()), instanceOf(freshTenant())]
          yield* threeEvents(gap)
          yield* threeEvents(cut)
          yield* tamper(
            (sql) => sql`DELETE FROM public.events WHERE stream_id = ${gap} AND stream_version = 2`
          )
          expect(yield* store.verifyStream(gap)).toMatchObject({ _tag: "Broken", version: 2 })
          yield* tamper(
            (sql) => sql`DELETE FROM public.events WHERE stream_id = ${cut} AND stream_version = 3`
          )
          const verdict = yield* store.verifyStream(cut)
          expect(verdict).toMatchObject({ _tag: "Broken", version: 3 })
          if (verdict._tag === "Broken") expect(verdict.reason).toMatch(/claims version 3/)
        })
      )
    })

    layer(pgStore(kind), { excludeTestServices: true, timeout: "180 seconds" })((it) => {
      it.effect(
        "fails a feed read with a store error when a row was edited into text the feed cannot read",
        () =>
          Effect.gen(function* () {
            const store = yield* EventStore
            const tenant = freshTenant()
            const stream = instanceOf(tenant)
            yield* commit([create(stream, [event("A")])])
            yield* visible(tenant, 1)
            yield* tamper(
              (sql) => sql`UPDATE public.events SET event_type = 'A"B' WHERE stream_id = ${stream}`
            )
            const read = yield* Effect.either(store.readFeed(undefined, { tenant }))
            expect(Either.isLeft(read) && read.left).toMatchObject({
              _tag: "EventStoreError",
              message: expect.stringMatching(/^Reading the feed failed: a row is not well-formed/)
            })
          })
      )
    })

    // A database of its own: the checkpoint covers the whole store, which the tests above tampered with.
    layer(pgStore(kind), { excludeTestServices: true, timeout: "180 seconds" })((it) => {
      it.effect(
        "detects a recomputed chain and a truncated stream through an earlier integrity checkpoint",
        () =>
          Effect.gen(function* () {
            const store = yield* EventStore
            const stream = instanceOf(freshTenant())
            yield* threeEvents(stream)
            const checkpoint = yield* store.integrityCheckpoint
            expect(yield* store.verifyIntegrityCheckpoint(checkpoint)).toMatchObject({ _tag: "Consistent" })

            // Rewrite event 2 and recompute every later hash and the head: the chain itself is intact again.
            const slice = yield* store.read(stream)
            const tenant = tenantOf(stream)
            let prev = slice.events[0]!.hash
            const rewritten = slice.events.slice(1).map((e) => {
              const data = e.version === 2 ? { amount: 2000 } : e.data
              prev = linkHash({
                prev,
                tenant,
                stream,
                version: e.version,
                type: e.type,
                data,
                metadata: e.metadata
              })
              return { version: e.version, data, hash: prev }
            })
            yield* tamper((sql) =>
              Effect.gen(function* () {
                for (const e of rewritten)
                  yield* sql`UPDATE public.events SET data = ${JSON.stringify(e.data)}::jsonb, hash = ${e.hash}
                           WHERE stream_id = ${stream} AND stream_version = ${e.version}`
                yield* sql`UPDATE public.streams SET last_hash = ${prev} WHERE stream_id = ${stream}`
              })
            )
            expect(yield* store.verifyStream(stream)).toMatchObject({ _tag: "Intact" })
            const afterRewrite = yield* store.verifyIntegrityCheckpoint(checkpoint)
            expect(afterRewrite._tag).toBe("Inconsistent")
            if (afterRewrite._tag === "Inconsistent")
              expect(afterRewrite.reasons.join("\n")).toMatch(/Expected the heads hash/)

            // Cut the last event and move the head back: consistent chain, fewer events than recorded.
            const other = instanceOf(freshTenant())
            yield* threeEvents(other)
            const before = yield* store.integrityCheckpoint
            const two = (yield* store.read(other)).events[1]!
            yield* tamper((sql) =>
              Effect.gen(function* () {
                yield* sql`DELETE FROM public.events WHERE stream_id = ${other} AND stream_version = 3`
                yield* sql`UPDATE public.streams SET version = 2, last_hash = ${two.hash} WHERE stream_id = ${other}`
              })
            )
            expect(yield* store.verifyStream(other)).toMatchObject({ _tag: "Intact", version: 2 })
            const afterCut = yield* store.verifyIntegrityCheckpoint(before)
            expect(afterCut._tag).toBe("Inconsistent")
            if (afterCut._tag === "Inconsistent")
              expect(afterCut.reasons[0]).toMatch(
                /^Expected \d+ events in the checkpoint's snapshot, but found \d+$/
              )
          })
      )
    })
  })
}
