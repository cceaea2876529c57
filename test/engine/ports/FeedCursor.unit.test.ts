import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc } from "effect"
import { decodeFeedCursor, encodeFeedCursor, parseFeedCursor } from "../../../src/engine/ports/FeedCursor.ts"

describe("FeedCursor", () => {
  it("round-trips every (transaction, position) pair through its opaque text", () =>
    fc.assert(
      fc.property(fc.bigUintN(64), fc.bigUintN(63), (transaction, position) => {
        const cursor = encodeFeedCursor({ transaction, position })
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
        expect(Either.map(parseFeedCursor(cursor), decodeFeedCursor)).toEqual(
          Either.right({ transaction, position })
        )
      })
    ))

  it("refuses text the store did not make", () => {
    for (const text of [
      "",
      "abc",
      "ff1:1:2",
      Buffer.from("ff1:1").toString("base64url"),
      Buffer.from("ff1:-1:2").toString("base64url")
    ])
      expect(parseFeedCursor(text)).toEqual(Either.left(expect.stringContaining("Expected a feed cursor")))
  })
})
