import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { decodeDefinition } from "../../../src/domain/definition/decode/decodeDefinition.ts"
import { publishDefinition } from "../../../src/domain/definition/PublishedDefinition.ts"
import { validateStartInput } from "../../../src/domain/definition/validateStartInput.ts"

const published = publishDefinition(
  Either.getOrThrow(
    decodeDefinition({
      name: "orders",
      input: {
        type: "object",
        required: ["orderId", "total"],
        properties: { orderId: { type: "string", minLength: 1 }, total: { type: "number" } }
      },
      start: "done",
      steps: { done: { type: "succeed" } }
    })
  ),
  1
)

describe("validateStartInput", () => {
  it("accepts an input that fits the schema", () => {
    expect(validateStartInput(published, { orderId: "A1", total: 10 })).toEqual(
      Either.right({ orderId: "A1", total: 10 })
    )
  })

  it("reports every problem under input", () => {
    expect(validateStartInput(published, { orderId: "", total: "ten" })).toEqual(
      Either.left([
        { path: ["input", "orderId"], message: 'Expected a text of at least 1 character, but got ""' },
        { path: ["input", "total"], message: 'Expected a number, but got "ten"' }
      ])
    )
  })

  it("refuses values jsonb would not keep and reserved keys before the schema sees them", () => {
    const input = JSON.parse('{"orderId": "A1", "total": 1, "__proto__": {"x": 1}}') as unknown
    expect(validateStartInput(published, input)).toEqual(
      Either.left([
        { path: ["input", "__proto__"], message: 'Expected an ordinary key, but "__proto__" is reserved' }
      ])
    )
  })

  it("refuses an input nested too deeply", () => {
    let deep: unknown = 1
    for (let i = 0; i < 10_000; i++) deep = [deep]
    const result = validateStartInput(published, { orderId: "A1", total: 1, deep })
    expect(Either.isLeft(result) && result.left[0]?.message).toContain("nested at most 64 deep")
  })

  it("accepts any object when the definition has no input schema", () => {
    const open = publishDefinition(
      Either.getOrThrow(decodeDefinition({ name: "open", start: "a", steps: { a: { type: "succeed" } } })),
      1
    )
    expect(Either.isRight(validateStartInput(open, { anything: [1, 2] }))).toBe(true)
    expect(Either.isLeft(validateStartInput(open, [1, 2]))).toBe(true)
  })
})
