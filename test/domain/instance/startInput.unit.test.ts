import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import fc from "fast-check"
import { validateStartInput } from "../../../src/domain/definition/validateStartInput.ts"
import { canonicalPayload } from "../../../src/domain/instance/schema/Payload.ts"
import { formatProblem } from "../../../src/domain/Problem.ts"
import type { Json } from "../../../src/domain/json/Json.ts"
import { start } from "../../support/instance/commands.ts"
import { deciderFor } from "../../support/instance/fixtures.ts"

const { decider, definition } = deciderFor(`
name: spec
input:
  type: object
  required: [id]
  properties: { id: { type: string }, n: { type: integer }, lines: { type: array, items: { type: object } } }
start: wait
steps:
  wait: { type: wait, signal: go }
`)

const nested = (depth: number, leaf: Json): Json =>
  depth === 0 ? leaf : { n: 1, id: "x", lines: [nested(depth - 1, leaf)] }

// Plain JSON, as a decoded command holds (no -0, no prototype-less objects).
const input: fc.Arbitrary<Json> = fc
  .oneof(
    fc.record({
      id: fc.string(),
      n: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))
    }),
    fc.record(
      { id: fc.string(), lines: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }) },
      { requiredKeys: [] }
    ),
    fc.integer({ min: 20, max: 40 }).map((depth) => nested(depth, "deep")),
    fc.jsonValue({ maxDepth: 3 })
  )
  .map((value) => JSON.parse(JSON.stringify(value)) as Json)
  .filter((value) => Either.isRight(canonicalPayload(value)))

describe("a start's input", () => {
  it("is accepted or refused exactly as validateStartInput judges it, with its problems", () => {
    fc.assert(
      fc.property(input, (value) => {
        const decided = decider.decide(start(value), decider.initialState)
        const valid = validateStartInput(definition, Either.getOrThrow(canonicalPayload(value)))
        if (Either.isRight(valid)) expect(Either.isRight(decided)).toBe(true)
        else
          expect(decided).toMatchObject({
            left: {
              message: `Expected an input matching the input schema, but ${valid.left.map(formatProblem).join("; ")}`
            }
          })
      }),
      { numRuns: 1000 }
    )
  })
})
