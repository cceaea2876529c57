import { Either, Schema } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { InstanceCommand } from "../../../src/domain/instance/commands/InstanceCommand.ts"
import { InstanceEvent, instanceEventTags } from "../../../src/domain/instance/events/InstanceEvent.ts"
import { Instant } from "../../../src/domain/instance/schema/Instant.ts"
import { canonicalPayload, Payload } from "../../../src/domain/instance/schema/Payload.ts"
import { at } from "../../support/instance/fixtures.ts"

const catalogue = readFileSync(join(import.meta.dirname, "../../../docs/events.md"), "utf8")

describe("the instance event catalogue", () => {
  it("documents every event in docs/events.md", () => {
    for (const tag of instanceEventTags) expect(catalogue).toContain(`| \`${tag}\``)
  })

  it("stores instants as RFC 3339 UTC text with milliseconds", () => {
    const encoded = Schema.encodeSync(InstanceEvent)({ _tag: "TimerFired", timerId: "timeout", at: at(1.5) })
    expect(encoded).toEqual({ _tag: "TimerFired", timerId: "timeout", at: "2026-11-21T10:00:01.500Z" })
  })

  it("refuses an instant that is not RFC 3339 UTC", () =>
    expect(Either.isLeft(Schema.decodeUnknownEither(Instant)("2026-11-21 10:00"))).toBe(true))

  it("decodes payloads with their keys sorted, as jsonb's shortest-first order never shows", () => {
    const decoded = Schema.decodeUnknownSync(Payload)({ zz: 1, a: { y: 2, b: [{ d: 1, c: 2 }] } })
    expect(JSON.stringify(decoded)).toBe('{"a":{"b":[{"c":2,"d":1}],"y":2},"zz":1}')
  })

  it("refuses payloads jsonb would change or refuse, with the path", () => {
    expect(canonicalPayload({ a: ["x\u0000"] })).toEqual(
      Either.left("Expected text without NUL characters (jsonb refuses \\u0000), but found one at a[0]")
    )
    expect(canonicalPayload({ n: Number.NaN })).toEqual(
      Either.left("Expected a finite number at n, but got NaN")
    )
    expect(canonicalPayload(JSON.parse('{"__proto__": 1}'))).toEqual(
      Either.left('Expected an ordinary key, but "__proto__" is reserved at the root')
    )
    expect(canonicalPayload(-0)).toEqual(Either.right(0))
  })

  it("writes -0 as 0 at every depth, as the stored JSON text has it (live and replayed state agree)", () => {
    const canonical = Either.getOrThrow(canonicalPayload({ a: [1, -0], b: { c: -0 } })) as {
      a: Array<number>
      b: { c: number }
    }
    expect(Object.is(canonical.a[1], 0)).toBe(true)
    expect(Object.is(canonical.b.c, 0)).toBe(true)
    expect(JSON.parse(JSON.stringify(canonical))).toStrictEqual(canonical)
  })

  it("agrees with the full pass, whose verdict it gives without copying when the value is canonical", () => {
    const key = fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.constantFrom("__proto__", "constructor", "k\u0000", "\uD800")
    )
    const leaf = fc.oneof(
      fc.jsonValue({ maxDepth: 0 }),
      fc.constantFrom(
        -0,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        "x\u0000",
        "\uDC00y",
        "\uD83D\uDE00",
        undefined
      )
    )
    const { value } = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(key, tie("value"), { maxKeys: 4 })
      )
    }))
    fc.assert(
      fc.property(value, (v) => {
        if (Object.is(v, -0)) return // the root alone is replaced (by 0), as the test above checks
        const direct = canonicalPayload(v)
        // A -0 beside it makes the outer list non-canonical, so the full pass visits `v` too.
        const full = Either.map(canonicalPayload([v, -0]), (list) => (list as ReadonlyArray<unknown>)[0])
        expect(Either.isRight(direct)).toBe(Either.isRight(full))
        if (Either.isRight(direct) && Either.isRight(full)) {
          expect(direct.right).toEqual(full.right)
          expect(direct.right === v).toBe(full.right === v)
        }
      }),
      { numRuns: 2000 }
    )
  })

  it("decodes commands from their encoded form", () => {
    const command = Schema.decodeUnknownSync(InstanceCommand)({
      _tag: "CompleteActivity",
      commandId: "c1",
      at: "2026-11-21T10:00:00.000Z",
      activityId: "charge#1",
      attempt: 1,
      result: { b: 1, a: 2 }
    })
    expect(JSON.stringify(command)).toContain('"result":{"a":2,"b":1}')
  })
})
