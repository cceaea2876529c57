import { describe, expect, layer } from "@effect/vitest"
import { Deferred, Effect, Fiber, Option, Ref } from "effect"
import type { StreamId } from "../../src/domain/ids.ts"
import type { SubscriberName } from "../../src/engine/ports/EventStore.ts"
import { EventStore } from "../../src/engine/ports/EventStore.ts"
import { parseFeedCursor } from "../../src/engine/ports/FeedCursor.ts"
import type { RecordedEvent } from "../../src/engine/ports/RecordedEvent.ts"
import { backends } from "./support/backends.ts"
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
} from "./support/fixtures.ts"

const subscriber = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}` as SubscriberName

const identity = (e: RecordedEvent) => `${e.stream}@${e.version}`

for (const backend of backends) {
  describe.skipIf(backend.skip !== undefined)(`EventStore feed on ${backend.name}`, () => {
    layer(backend.layer, { excludeTestServices: true, timeout: "180 seconds" })((it) => {
      it.effect("pages through a tenant's events in order with an opaque cursor", () =>
        Effect.gen(function* () {
          const store = yield* EventStore
          const tenant = freshTenant()
          const [a, b] = [instanceOf(tenant), instanceOf(tenant)]
          const first = yield* commit([create(a, [event("A1"), event("A2")])])
          yield* commit([create(b, [event("B1")])])
          yield* commit([extend(a, headOf(first, a), [event("A3")])])
          yield* visible(tenant, 4)
          const page1 = yield* store.readFeed(undefined, { tenant, limit: 2 })
          expect(page1.events.map(identity)).toEqual([`${a}@1`, `${a}@2`])
          const page2 = yield* store.readFeed(page1.cursor, { tenant, limit: 2 })
          expect(page2.events.map(identity)).toEqual([`${b}@1`, `${a}@3`])
          const empty = yield* store.readFeed(page2.cursor, { tenant })
          expect(empty.events).toEqual([])
          expect(empty.cursor).toBe(page2.cursor)
          expect(page2.cursor).toMatch(/^[A-Za-z0-9_-]+$/)
          expect(parseFeedCursor(page2.cursor)._tag).toBe("Right")
          expect(parseFeedCursor("not-a-cursor")._tag).toBe("Left")
          const positions = [...page1.events, ...page2.events].map((e) => e.position)
          expect(new Set(positions).size).toBe(4)
        })
      )

      it.effect("shows every tenant's events on the global feed and only its own on a tenant's", () =>
        Effect.gen(function* () {
          const store = yield* EventStore
          const [one, two] = [freshTenant(), freshTenant()]
          const start = yield* store.readFeed(undefined, { limit: 1_000_000 })
          const [x, y] = [instanceOf(one), instanceOf(two)]
          yield* commit([create(x, [event("X")])])
          yield* commit([create(y, [event("Y")])])
          yield* visible(one, 1)
          yield* visible(two, 1)
          const global = yield* store.readFeed(start.cursor, { limit: 1_000_000 })
          expect(global.events.map(identity)).toEqual(expect.arrayContaining([`${x}@1`, `${y}@1`]))
          expect((yield* store.readFeed(undefined, { tenant: one })).events.map(identity)).toEqual([`${x}@1`])
          expect((yield* store.readFeed(undefined, { tenant: two })).events.map(identity)).toEqual([`${y}@1`])
        })
      )

      it.effect("keeps two tenants with the same alias and definition name apart", () =>
        Effect.gen(function* () {
          const store = yield* EventStore
          const [one, two] = [freshTenant(), freshTenant()]
          const streams = new Map<string, ReadonlyArray<StreamId>>()
          for (const tenant of [one, two]) {
            const definition = definitionOf(tenant, "order-fulfillment")
            const instance = instanceOf(tenant)
            yield* commit([
              create(definition, [event("DefinitionPublished", { tenant })]),
              create(instance, [event("InstanceStarted", { tenant })], { alias: alias("order-1") })
            ])
            streams.set(tenant, [definition, instance])
          }
          expect(yield* store.resolveAlias(one, alias("order-1"))).toEqual(Option.some(streams.get(one)![1]))
          expect(yield* store.resolveAlias(two, alias("order-1"))).toEqual(Option.some(streams.get(two)![1]))
          for (const tenant of [one, two]) {
            const feed = yield* visible(tenant, 2)
            expect(feed.events.map((e) => e.data)).toEqual([{ tenant }, { tenant }])
            const definition = yield* store.read(streams.get(tenant)![0]!)
            expect(definition.events.map((e) => e.data)).toEqual([{ tenant }])
          }
        })
      )

      it.effect("delivers every event to a subscriber once and resumes from its durable checkpoint", () =>
        Effect.gen(function* () {
          const store = yield* EventStore
          const tenant = freshTenant()
          const name = subscriber("projector")
          const seen = yield* Ref.make<ReadonlyArray<string>>([])
          const reached = (count: number) =>
            Effect.gen(function* () {
              const done = yield* Deferred.make<void>()
              const fiber = yield* store
                .subscribe(
                  name,
                  (page) =>
                    Ref.updateAndGet(seen, (all) => [...all, ...page.events.map(identity)]).pipe(
                      Effect.flatMap((all) =>
                        all.length >= count ? Deferred.succeed(done, undefined) : Effect.void
                      )
                    ),
                  { tenant, batchSize: 2 }
                )
                .pipe(Effect.fork)
              return { done, fiber }
            })
          const a = instanceOf(tenant)
          const first = yield* commit([create(a, [event("A1"), event("A2"), event("A3")])])
          const run1 = yield* reached(4)
          yield* commit([extend(a, headOf(first, a), [event("A4")])])
          yield* Deferred.await(run1.done)
          yield* Fiber.interrupt(run1.fiber)
          expect(yield* Ref.get(seen)).toEqual([1, 2, 3, 4].map((v) => `${a}@${v}`))
          const saved = yield* store.subscriberCursor(name, tenant)
          expect(Option.isSome(saved)).toBe(true)
          expect(Option.isNone(yield* store.subscriberCursor(name))).toBe(true)

          const b = instanceOf(tenant)
          yield* commit([create(b, [event("B1")])])
          const run2 = yield* reached(5)
          yield* Deferred.await(run2.done)
          yield* Fiber.interrupt(run2.fiber)
          expect(yield* Ref.get(seen)).toEqual([...[1, 2, 3, 4].map((v) => `${a}@${v}`), `${b}@1`])
        })
      )

      it.effect("reports feed metrics", () =>
        Effect.gen(function* () {
          const metrics = yield* Effect.flatMap(EventStore, (store) => store.metrics)
          expect(metrics.feedHorizonAgeMs).toBeGreaterThanOrEqual(0)
          expect(metrics.oldestOpenTransactionMs).toBeGreaterThanOrEqual(0)
        })
      )
    })
  })
}
