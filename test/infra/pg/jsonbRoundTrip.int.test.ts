import { describe, expect, layer } from "@effect/vitest"
import { Effect, Either, FastCheck as fc } from "effect"
import { tenantOf } from "../../../src/domain/ids.ts"
import { canonicalJson } from "../../../src/domain/json/canonical.ts"
import type { Json } from "../../../src/domain/json/Json.ts"
import { jsonbProblems } from "../../../src/domain/json/jsonbSafety.ts"
import { EventStore } from "../../../src/engine/ports/EventStore.ts"
import { genesisHash } from "../../../src/engine/ports/RecordedEvent.ts"
import { linkHash } from "../../../src/infra/hashChain.ts"
import { postgresKinds } from "../support/backends.ts"
import { create, event, freshTenant, instanceOf, tryCommit } from "../support/fixtures.ts"
import { pgStore } from "../support/stores.ts"

/** Numbers at the edges of what a double and jsonb's numeric hold, both signs. */
const edgeNumber = fc.oneof(
  fc.constantFrom(
    0,
    1,
    -1,
    0.1,
    1e21,
    -1e21,
    5e-324,
    -5e-324,
    1.7976931348623157e308,
    -1.7976931348623157e308
  ),
  fc.constantFrom(
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    2 ** 53 + 2,
    -(2 ** 60),
    123456789.12345679
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.integer()
)

/** Keys of varied length and script, so jsonb's shortest-first key order differs from insertion order. */
const key = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.fullUnicodeString({ maxLength: 6 }),
  fc.constantFrom("é", "ß", "日本", "😀", "a", "aa")
)

const payload: fc.Arbitrary<Json> = fc
  .letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      edgeNumber,
      fc.fullUnicodeString({ maxLength: 20 }),
      fc.array(tie("value"), { maxLength: 5 }),
      fc.dictionary(key, tie("value"), { maxKeys: 6 })
    )
  }))
  .value.filter((value) => jsonbProblems(value).length === 0)

/** Values jsonb would not return unchanged. */
const unsafe: fc.Arbitrary<Json> = fc.oneof(
  fc.constant({ n: -0 }),
  fc.fullUnicodeString().map((s) => ({ text: `${s}\u0000` })),
  fc.constantFrom("\uD800", "a\uDFFFb").map((s) => ({ [s]: 1 }))
)

for (const { kind, skip } of postgresKinds) {
  describe.skipIf(skip)(`Postgres event store (${kind}) and jsonb`, () => {
    layer(pgStore(kind), { excludeTestServices: true, timeout: "180 seconds" })((it) => {
      it.effect.prop(
        "event hashes survive the jsonb round trip (key order, unicode, large and negative numbers)",
        { data: payload, metadata: payload },
        ({ data, metadata }) =>
          Effect.gen(function* () {
            const store = yield* EventStore
            const stream = instanceOf(freshTenant())
            const written = yield* tryCommit([create(stream, [event("Generated", data, metadata)])])
            expect(Either.isRight(written)).toBe(true)
            const [stored] = (yield* store.read(stream)).events
            expect(canonicalJson(stored!.data)).toBe(canonicalJson(data))
            expect(canonicalJson(stored!.metadata)).toBe(canonicalJson(metadata))
            const recomputed = linkHash({
              prev: genesisHash,
              tenant: tenantOf(stream),
              stream,
              version: 1,
              type: stored!.type,
              data: stored!.data,
              metadata: stored!.metadata
            })
            expect(recomputed).toBe(stored!.hash)
          }),
        { fastCheck: { numRuns: 60 } }
      )

      it.effect.prop(
        "payloads jsonb would change are refused and nothing is written",
        { data: unsafe },
        ({ data }) =>
          Effect.gen(function* () {
            const store = yield* EventStore
            const stream = instanceOf(freshTenant())
            const result = yield* tryCommit([create(stream, [event("Unsafe", data)])])
            expect(Either.isLeft(result) && result.left._tag).toBe("InvalidCommit")
            expect((yield* store.read(stream)).version).toBe(0)
          }),
        { fastCheck: { numRuns: 20 } }
      )
    })
  })
}
