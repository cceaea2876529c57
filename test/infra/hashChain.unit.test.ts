import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { canonicalJson, sha256Hex } from "../../src/domain/json/canonical.ts"
import type { Json } from "../../src/domain/json/Json.ts"
import { linkHash, linkText, linkTextOf, nativeSha256Hex } from "../../src/infra/hashChain.ts"
import { verifyChain } from "../../src/infra/verifyChain.ts"
import type { StreamId } from "../../src/domain/ids.ts"
import { genesisHash } from "../../src/engine/ports/RecordedEvent.ts"

const json = fc.jsonValue() as fc.Arbitrary<Json>

describe("the hash chain", () => {
  it("hashes with Node's crypto exactly as the domain's pure-JS sha256Hex does", () =>
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.string({ unit: "grapheme" }),
          // Lone surrogates too: both encode them as U+FFFD (the store refuses them before hashing).
          fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)) }),
          fc.string({ minLength: 50, maxLength: 300 }).map((s) => s.repeat(40))
        ),
        (text) => {
          expect(nativeSha256Hex(text)).toBe(sha256Hex(text))
        }
      ),
      { numRuns: 1000 }
    ))

  it("builds the same link text from payload texts as from JCS of the whole link", () =>
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.nat(),
        fc.string(),
        json,
        json,
        (prev, stream, version, type, data, metadata) => {
          const link = { prev, tenant: "acme", stream, version, type, data, metadata }
          expect(
            linkTextOf(prev, "acme", stream, version, type, canonicalJson(data), canonicalJson(metadata))
          ).toBe(linkText(link))
        }
      )
    ))

  it("hashes JCS([prev, tenant, stream, version, type, data, metadata])", () => {
    const link = {
      prev: genesisHash,
      tenant: "acme",
      stream: "acme/i/x",
      version: 1,
      type: "A",
      data: { b: 1, a: 2 },
      metadata: {}
    }
    expect(linkText(link)).toBe(`["${genesisHash}","acme","acme/i/x",1,"A",{"a":2,"b":1},{}]`)
    expect(linkHash(link)).toMatch(/^[0-9a-f]{64}$/)
  })

  const stream = "acme/i/s" as StreamId
  const chain = (types: ReadonlyArray<string>) => {
    let prev = genesisHash
    return types.map((type, i) => {
      const hash = linkHash({ prev, tenant: "acme", stream, version: i + 1, type, data: {}, metadata: {} })
      prev = hash
      return { version: i + 1, type, data: {}, metadata: {}, hash }
    })
  }

  it("names the first link whose hash does not follow from its predecessor", () => {
    const links = chain(["A", "B", "C"])
    const head = { version: 3, lastHash: links[2]!.hash }
    expect(verifyChain(stream, links, head)).toEqual({
      _tag: "Intact",
      stream,
      version: 3,
      lastHash: head.lastHash
    })
    const edited = links.map((l) => (l.version === 2 ? { ...l, type: "X" } : l))
    expect(verifyChain(stream, edited, head)).toMatchObject({ _tag: "Broken", version: 2 })
    expect(verifyChain(stream, [links[0]!, links[2]!], head)).toMatchObject({
      _tag: "Broken",
      version: 2,
      reason: "Expected version 2, but the next event is version 3"
    })
    expect(verifyChain(stream, links, { version: 4, lastHash: head.lastHash })).toMatchObject({
      _tag: "Broken",
      version: 4
    })
  })
})
