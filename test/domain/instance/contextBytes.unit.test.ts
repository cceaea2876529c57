import { sha256 } from "@noble/hashes/sha2.js"
import { utf8ToBytes } from "@noble/hashes/utils.js"
import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { contextBytes } from "../../../src/domain/instance/decide/contextBytes.ts"
import { jitterFraction } from "../../../src/domain/instance/derivedIds.ts"
import type { JsonObject } from "../../../src/domain/json/Json.ts"
import { jsonbProblems } from "../../../src/domain/json/jsonbSafety.ts"

// Values small and large (sizes of 1 KiB and more are remembered, smaller ones counted again).
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.string({ unit: "binary", maxLength: 400 }), { maxLength: 8 }),
  fc.dictionary(fc.string(), fc.string({ unit: "binary", maxLength: 1500 }), { maxKeys: 3 })
)
const context = fc
  .dictionary(fc.string({ unit: "binary", maxLength: 4 }), value, { maxKeys: 6 })
  .filter((value) => jsonbProblems(value).length === 0)
  .map((value) => value as JsonObject)

const utf8Json = (value: JsonObject): number => utf8ToBytes(JSON.stringify(value)).length

describe("context sizes", () => {
  it("measure a context as its UTF-8 JSON, whole or against any other context of known size", () => {
    fc.assert(
      fc.property(context, context, fc.boolean(), (previous, written, grows) => {
        const next = grows ? { ...previous, ...written } : written
        expect(contextBytes(previous)).toBe(utf8Json(previous))
        expect(contextBytes(next, previous)).toBe(utf8Json(next))
        expect(contextBytes({ ...next }, next)).toBe(utf8Json(next))
      }),
      { numRuns: 2000 }
    )
  })
})

describe("retry jitter", () => {
  it("is read from SHA-256 of (instance, token, attempt), whatever the text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 300 }),
        fc.string(),
        fc.nat(),
        (instance, token, n) => {
          const hash = sha256(utf8ToBytes(`${instance}/${token}/${n}`))
          const word =
            (((hash[0] ?? 0) << 24) | ((hash[1] ?? 0) << 16) | ((hash[2] ?? 0) << 8) | (hash[3] ?? 0)) >>> 0
          expect(jitterFraction(instance, token, n)).toBe(word / 2 ** 32)
        }
      ),
      { numRuns: 2000 }
    )
  })
})
