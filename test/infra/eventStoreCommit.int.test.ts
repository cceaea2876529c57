import { describe, expect, layer } from "@effect/vitest"
import { DateTime, Effect, Either, Option, TestClock, TestContext } from "effect"
import type { StreamId } from "../../src/domain/ids.ts"
import { tenantOf } from "../../src/domain/ids.ts"
import { EventStore } from "../../src/engine/ports/EventStore.ts"
import { genesisHash } from "../../src/engine/ports/RecordedEvent.ts"
import { deleteRow, upsertRow } from "../../src/engine/ports/RowChanges.ts"
import { linkHash } from "../../src/infra/hashChain.ts"
import { backends } from "./support/backends.ts"
import {
  alias,
  commandId,
  commit,
  create,
  event,
  expiresIn,
  extend,
  failureOf,
  freshTenant,
  headOf,
  instanceOf,
  tryCommit
} from "./support/fixtures.ts"
import { StoreProbe, testTable } from "./support/stores.ts"

const readAll = (stream: StreamId) => Effect.flatMap(EventStore, (store) => store.read(stream))

for (const backend of backends) {
  describe.skipIf(backend.skip !== undefined)(`EventStore commit on ${backend.name}`, () => {
    layer(backend.layer, { excludeTestServices: true, timeout: "180 seconds" })((it) => {
      it.effect("creates a stream and reads it back with versions, chained hashes and the head", () =>
        Effect.gen(function* () {
          const stream = instanceOf(freshTenant())
          const events = [
            event("Started", { input: { b: 1, a: [1, "x"] } }, { commandId: "c1" }),
            event("Entered")
          ]
          const result = yield* commit([create(stream, events)])
          expect(result.appended).toEqual([
            { stream, firstVersion: 1, lastVersion: 2, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) }
          ])
          const slice = yield* readAll(stream)
          const tenant = tenantOf(stream)
          const first = linkHash({ prev: genesisHash, tenant, stream, version: 1, ...events[0]! })
          const second = linkHash({ prev: first, tenant, stream, version: 2, ...events[1]! })
          expect(slice.version).toBe(2)
          expect(slice.lastHash).toBe(second)
          expect(slice.events.map((e) => [e.version, e.type, e.data, e.metadata, e.hash])).toEqual([
            [1, "Started", { input: { a: [1, "x"], b: 1 } }, { commandId: "c1" }, first],
            [2, "Entered", {}, {}, second]
          ])
          expect(slice.events[0]!.position).toBeLessThan(slice.events[1]!.position)
          const after = yield* Effect.flatMap(EventStore, (store) => store.read(stream, { after: 1 }))
          expect(after.events.map((e) => e.version)).toEqual([2])
          const limited = yield* Effect.flatMap(EventStore, (store) => store.read(stream, { limit: 1 }))
          expect(limited.events.map((e) => e.version)).toEqual([1])
          expect(limited.version).toBe(2)
        })
      )

      it.effect("reads a stream that does not exist as empty at version 0", () =>
        Effect.gen(function* () {
          const slice = yield* readAll(instanceOf(freshTenant()))
          expect(slice).toMatchObject({ version: 0, lastHash: genesisHash, events: [] })
        })
      )

      it.effect("appends when version and last hash match, and refuses a stale version writing nothing", () =>
        Effect.gen(function* () {
          const stream = instanceOf(freshTenant())
          const first = yield* commit([create(stream, [event("A")])])
          const second = yield* commit([extend(stream, headOf(first, stream), [event("B"), event("C")])])
          expect(headOf(second, stream).version).toBe(3)
          const stale = failureOf(yield* tryCommit([extend(stream, headOf(first, stream), [event("X")])]))
          expect(stale._tag).toBe("StreamVersionConflict")
          expect(stale).toMatchObject({ conflicts: [{ stream, expected: 1, actual: 3 }] })
          expect(stale.message).toBe(`Expected ${stream} at version 1, but it is at version 3`)
          const slice = yield* readAll(stream)
          expect(slice.events.map((e) => e.type)).toEqual(["A", "B", "C"])
        })
      )

      it.effect("refuses the right version with another last hash", () =>
        Effect.gen(function* () {
          const stream = instanceOf(freshTenant())
          const first = yield* commit([create(stream, [event("A")])])
          const forged = { version: 1, lastHash: "f".repeat(64) }
          const failure = failureOf(yield* tryCommit([extend(stream, forged, [event("B")])]))
          expect(failure).toMatchObject({
            _tag: "StreamVersionConflict",
            conflicts: [{ stream, expected: 1, actual: 1 }]
          })
          expect((yield* readAll(stream)).lastHash).toBe(headOf(first, stream).lastHash)
        })
      )

      it.effect("refuses to create a stream that exists", () =>
        Effect.gen(function* () {
          const stream = instanceOf(freshTenant())
          yield* commit([create(stream, [event("A")])])
          const failure = failureOf(yield* tryCommit([create(stream, [event("B")])]))
          expect(failure).toMatchObject({
            _tag: "StreamVersionConflict",
            conflicts: [{ stream, expected: 0, actual: 1 }]
          })
        })
      )

      it.effect("commits several streams atomically and lists every stale stream when one is behind", () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const [a, b, c] = [instanceOf(tenant), instanceOf(tenant), instanceOf(tenant)]
          const created = yield* commit([create(a, [event("A1")]), create(b, [event("B1")])])
          expect(created.appended.map((x) => x.stream)).toEqual([a, b])
          yield* commit([extend(b, headOf(created, b), [event("B2")])])
          const failure = failureOf(
            yield* tryCommit([
              extend(a, headOf(created, a), [event("A2")]),
              extend(b, headOf(created, b), [event("B2b")]),
              create(c, [event("C1")]),
              { ...create(a, [event("never")]), stream: instanceOf(tenant) }
            ])
          )
          expect(failure).toMatchObject({
            _tag: "StreamVersionConflict",
            conflicts: [{ stream: b, expected: 1, actual: 2 }]
          })
          expect((yield* readAll(a)).version).toBe(1)
          expect((yield* readAll(c)).version).toBe(0)

          yield* commit([create(c, [event("C1")])])
          const both = failureOf(
            yield* tryCommit([
              extend(a, { version: 5, lastHash: genesisHash }, [event("A2")]),
              extend(b, headOf(created, b), [event("B2b")]),
              create(c, [event("CAgain")])
            ])
          )
          expect(both._tag).toBe("StreamVersionConflict")
          expect(both).toMatchObject({
            conflicts: expect.arrayContaining([
              { stream: a, expected: 5, actual: 1 },
              { stream: b, expected: 1, actual: 2 },
              { stream: c, expected: 0, actual: 1 }
            ])
          })
          expect(both).toHaveProperty("conflicts.length", 3)
        })
      )

      it.effect("answers a repeated command from its recorded events and writes nothing", () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const stream = instanceOf(tenant)
          const command = {
            id: commandId("start-1"),
            bodyHash: "b".repeat(64),
            expiresAt: yield* expiresIn(3_600_000)
          }
          const first = yield* commit([
            create(stream, [event("Started", { n: 1 }), event("Entered")], { command })
          ])
          const again = failureOf(
            yield* tryCommit([create(instanceOf(tenant), [event("Started", { n: 1 })], { command })])
          )
          expect(again._tag).toBe("DuplicateCommand")
          if (again._tag !== "DuplicateCommand") return
          const [recorded] = again.duplicates
          expect(recorded).toMatchObject({ commandId: "start-1", stream, firstVersion: 1, lastVersion: 2 })
          expect(recorded.events.map((e) => [e.version, e.type, e.hash])).toEqual(
            (yield* readAll(stream)).events.map((e) => [e.version, e.type, e.hash])
          )
          // An append to the recorded stream with the same command is answered the same way.
          const onStream = failureOf(
            yield* tryCommit([extend(stream, headOf(first, stream), [event("Again")], { command })])
          )
          expect(onStream._tag).toBe("DuplicateCommand")
          expect((yield* readAll(stream)).version).toBe(2)
          // Another tenant may use the same command id.
          const elsewhere = instanceOf(freshTenant())
          yield* commit([create(elsewhere, [event("Started")], { command })])
          expect((yield* readAll(elsewhere)).version).toBe(1)
        })
      )

      it.effect("refuses a command id repeated with another body", () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const stream = instanceOf(tenant)
          const expiresAt = yield* expiresIn(3_600_000)
          yield* commit([
            create(stream, [event("Started")], {
              command: { id: commandId("k"), bodyHash: "one", expiresAt }
            })
          ])
          const other = instanceOf(tenant)
          const failure = failureOf(
            yield* tryCommit([
              create(other, [event("Started")], {
                command: { id: commandId("k"), bodyHash: "two", expiresAt }
              })
            ])
          )
          expect(failure).toMatchObject({ _tag: "CommandBodyMismatch", commandId: "k", stream })
          expect((yield* readAll(other)).version).toBe(0)
        })
      )

      it.effect("forgets a command after its record expires and prunes expired records", () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const first = instanceOf(tenant)
          const command = { id: commandId("expiring"), bodyHash: "h", expiresAt: yield* expiresIn(60_000) }
          yield* commit([create(first, [event("Started")], { command })])
          yield* TestClock.adjust("61 seconds")
          const second = instanceOf(tenant)
          const fresh = { ...command, expiresAt: yield* expiresIn(60_000) }
          yield* commit([create(second, [event("Started")], { command: fresh })])
          expect((yield* readAll(second)).version).toBe(1)
          const repeat = failureOf(
            yield* tryCommit([create(instanceOf(tenant), [event("Started")], { command: fresh })])
          )
          expect(repeat).toMatchObject({ _tag: "DuplicateCommand", duplicates: [{ stream: second }] })
          yield* TestClock.adjust("61 seconds")
          const store = yield* EventStore
          expect(yield* store.pruneExpiredCommands).toBeGreaterThanOrEqual(1)
          yield* commit([create(instanceOf(tenant), [event("Started")], { command: fresh })])
        }).pipe(
          // The store reads time from the caller's clock: a TestClock starting at the epoch drives expiry.
          Effect.provide(TestContext.TestContext)
        )
      )

      it.effect("keeps a tenant's alias for one stream and refuses it for another", () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const stream = instanceOf(tenant)
          const store = yield* EventStore
          const created = yield* commit([create(stream, [event("Started")], { alias: alias("order-42") })])
          expect(yield* store.resolveAlias(tenant, alias("order-42"))).toEqual(Option.some(stream))
          yield* commit([
            extend(stream, headOf(created, stream), [event("Next")], { alias: alias("order-42") })
          ])
          const other = instanceOf(tenant)
          const failure = failureOf(
            yield* tryCommit([create(other, [event("Started")], { alias: alias("order-42") })])
          )
          expect(failure).toMatchObject({ _tag: "AliasTaken", tenant, alias: "order-42", stream })
          expect((yield* readAll(other)).version).toBe(0)
          expect(yield* store.resolveAlias(freshTenant(), alias("order-42"))).toEqual(Option.none())
        })
      )

      it.effect("applies row changes merged per key in the commit, and none when the commit fails", () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const stream = instanceOf(tenant)
          const probe = yield* StoreProbe
          const key = (id: string) => ({ tenant_id: tenant, id })
          const created = yield* commit(
            [create(stream, [event("Started")])],
            [
              upsertRow(testTable, key("a"), { status: "new", payload: { x: [1, 2] } }),
              upsertRow(testTable, key("a"), { attempts: 1 }),
              upsertRow(testTable, key("b"), { status: "gone" }),
              deleteRow(testTable, key("b")),
              upsertRow(testTable, key("c"), { status: "old", attempts: 7 }),
              upsertRow(testTable, key("d"))
            ]
          )
          expect(yield* probe.rows(tenant)).toEqual([
            { tenant_id: tenant, id: "a", status: "new", attempts: 1, payload: { x: [1, 2] } },
            { tenant_id: tenant, id: "c", status: "old", attempts: 7 },
            { tenant_id: tenant, id: "d" }
          ])
          const next = yield* commit(
            [extend(stream, headOf(created, stream), [event("Moved")])],
            [
              deleteRow(testTable, key("c")),
              upsertRow(testTable, key("c"), { status: "replaced" }),
              upsertRow(testTable, key("a"), { status: "running" }),
              deleteRow(testTable, key("d"))
            ]
          )
          expect(yield* probe.rows(tenant)).toEqual([
            { tenant_id: tenant, id: "a", status: "running", attempts: 1, payload: { x: [1, 2] } },
            { tenant_id: tenant, id: "c", status: "replaced" }
          ])
          const stale = yield* tryCommit(
            [extend(stream, headOf(created, stream), [event("Stale")])],
            [upsertRow(testTable, key("a"), { status: "stale" }), upsertRow(testTable, key("z"))]
          )
          expect(Either.isLeft(stale)).toBe(true)
          expect((yield* probe.rows(tenant)).map((r) => [r["id"], r["status"]])).toEqual([
            ["a", "running"],
            ["c", "replaced"]
          ])
          // Row changes alone, with no events, are one commit too.
          yield* commit([], [upsertRow(testTable, key("e"), { status: "alone" })])
          expect((yield* probe.rows(tenant)).map((r) => r["id"])).toEqual(["a", "c", "e"])
          expect(headOf(next, stream).version).toBe(2)
        })
      )

      it.effect("refuses bad input with every problem and its path, writing nothing", () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const stream = instanceOf(tenant)
          const big = "x".repeat(17 * 1024)
          const failure = failureOf(
            yield* tryCommit(
              [
                create(stream, [
                  event("Ok", { fine: true }),
                  event("Big", { big }),
                  event("Zero", { n: -0 }),
                  event("Nul", { text: "a\u0000b" }),
                  event("Lone", { ["\uD800"]: 1 }),
                  event("bad type!", {}),
                  event("Proto", JSON.parse('{"__proto__": 1}'))
                ]),
                create(`${tenant}/i/x'; DROP TABLE events; --` as StreamId, [event("A")]),
                create(`${tenant}/i/nul\u0000id` as StreamId, [event("A")]),
                create(instanceOf(tenant), [], { alias: alias("has space") })
              ],
              [upsertRow("events", { stream_id: "x" }, {}), upsertRow("Bad Name", { id: 1 })]
            )
          )
          expect(failure._tag).toBe("InvalidCommit")
          if (failure._tag !== "InvalidCommit") return
          const paths = failure.problems.map((p) => p.path.join("."))
          expect(paths).toEqual([
            "appends.0.events.1",
            "appends.0.events.2.data.n",
            "appends.0.events.3.data.text",
            "appends.0.events.4.data.\uD800",
            "appends.0.events.5.type",
            "appends.0.events.6.data.__proto__",
            "appends.1.stream",
            "appends.2.stream",
            "appends.3.events",
            "appends.3.alias",
            "rows.0.table",
            "rows.1.table"
          ])
          expect(failure.problems[0]!.message).toMatch(
            /^Expected an event of at most 16384 bytes, but it has \d+$/
          )
          expect(failure.problems[6]!.message).toMatch(/^Expected a stream id .*, but got/)
          expect((yield* readAll(stream)).version).toBe(0)
          const feed = yield* Effect.flatMap(EventStore, (store) => store.readFeed(undefined, { tenant }))
          expect(feed.events).toEqual([])
        })
      )

      it.effect("verifies an intact stream and records the time of its commit", () =>
        Effect.gen(function* () {
          const stream = instanceOf(freshTenant())
          const before = yield* DateTime.now
          const created = yield* commit([
            create(stream, [event("A", { deep: { list: [1.5, -2, "é", null] } })])
          ])
          yield* commit([extend(stream, headOf(created, stream), [event("B"), event("C")])])
          const store = yield* EventStore
          expect(yield* store.verifyStream(stream)).toMatchObject({ _tag: "Intact", stream, version: 3 })
          expect(yield* store.verifyStream(instanceOf(freshTenant()))).toMatchObject({
            _tag: "Intact",
            version: 0
          })
          const recordedAt = created.recordedAt
          expect(DateTime.toEpochMillis(recordedAt)).toBeGreaterThanOrEqual(
            DateTime.toEpochMillis(before) - 5_000
          )
        })
      )

      it.effect("takes an integrity checkpoint that stays consistent as the store grows", () =>
        Effect.gen(function* () {
          const store = yield* EventStore
          const stream = instanceOf(freshTenant())
          const created = yield* commit([create(stream, [event("A")])])
          const checkpoint = yield* store.integrityCheckpoint
          expect(checkpoint.count).toBeGreaterThanOrEqual(1)
          expect(checkpoint.headsHash).toMatch(/^[0-9a-f]{64}$/)
          yield* commit([extend(stream, headOf(created, stream), [event("B")])])
          expect(yield* store.verifyIntegrityCheckpoint(checkpoint)).toMatchObject({ _tag: "Consistent" })
          const forged = { ...checkpoint, count: checkpoint.count + 1, headsHash: "0".repeat(64) }
          const verdict = yield* store.verifyIntegrityCheckpoint(forged)
          expect(verdict._tag).toBe("Inconsistent")
        })
      )
    })
  })
}
