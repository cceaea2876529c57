import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import { bindings } from "../../../src/domain/expressions/Bindings.ts"
import { compileExpression } from "../../../src/domain/expressions/compile.ts"
import { evaluateBoolean } from "../../../src/domain/expressions/evaluate.ts"
import { failure, value } from "./run.ts"

const order = {
  input: { json: { orderId: "o-1", total: 1234.5, country: "DE", customer: { tier: "gold" } } }
}

describe("evaluate", () => {
  it("evaluates typical workflow conditions", () => {
    expect(value("input.total > 1000", order)).toBe(true)
    expect(value("error.type == 'Declined'", { error: { json: { type: "Declined", message: "no" } } })).toBe(
      true
    )
    expect(
      value("context.items.size() > 0 && input.country in ['DE', 'FR']", {
        ...order,
        context: { json: { items: [{ sku: "a" }] } }
      })
    ).toBe(true)
    expect(
      value("input.orderId.startsWith('o-') && input.customer.tier.matches('^(gold|silver)$')", order)
    ).toBe(true)
  })

  it("compares doubles with int literals but refuses mixed arithmetic, as CEL does", () => {
    expect(value("input.total == 1234.5 && input.total > 1000 && 1234.5 == input.total", order)).toBe(true)
    expect(failure("input.total + 1", order)).toMatchObject({
      kind: "type",
      message: "Expected arguments that + accepts, but got (double, int)",
      offset: 12
    })
    expect(value("input.total + 1.0", order)).toBe(1235.5)
  })

  it("reports a missing key as a clear 'no such key' error with its position; has() tests for it", () => {
    const error = failure("input.customer.vip", order)
    expect(error).toMatchObject({ kind: "evaluation", line: 1 })
    expect(error.message).toBe('Expected key "vip", but there is no such key (has() tests for one)')
    expect(failure("input['vip']", order).message).toContain("no such key")
    expect(value("has(input.customer.vip) ? input.customer.vip : 'none'", order)).toBe("none")
    expect(value("has(input.customer.tier)", order)).toBe(true)
  })

  it("reports an unbound variable by name", () => {
    expect(failure("event.type == 'x'", order).message).toBe(
      'Expected "event" to be bound here, but it is not'
    )
  })

  it("makes every library error an 'Expected …, but …' value, never an exception", () => {
    for (const source of [
      "1 / 0",
      "int('x')",
      "[1][5]",
      "9223372036854775807 + 1",
      "false ? 1 : 'a' + 1",
      "'a' < 1"
    ]) {
      expect(failure(source).message).toMatch(/^Expected .*, but /)
    }
  })

  it("evaluateBoolean accepts only booleans", () => {
    const compiled = Either.getOrThrow(compileExpression("input.total"))
    expect(evaluateBoolean(compiled, bindings(order))).toEqual(
      Either.left(expect.objectContaining({ kind: "type", message: "Expected a boolean, but got 1234.5" }))
    )
    const condition = Either.getOrThrow(compileExpression("input.total > 1000"))
    expect(evaluateBoolean(condition, bindings(order))).toEqual(Either.right(true))
  })

  it("uses `now` as given: timestamps are inputs, read in UTC unless a zone is named", () => {
    const now = { timestamp: Date.UTC(2026, 10, 21, 23, 30) }
    expect(value("[now.getHours(), now.getHours('Europe/Berlin'), now.getDayOfWeek()]", { now })).toEqual([
      23, 0, 6
    ])
    expect(value("now > timestamp('2026-01-01T00:00:00Z')", { now })).toBe(true)
  })

  it("maps and filters long lists without deep recursion (appends are amortized, pinned here)", () => {
    const items = { json: Array.from({ length: 30_000 }, (_, index) => index) }
    expect(value("items.map(i, i * 2.0).size()", { items })).toBe(30_000)
    expect(value("items.filter(i, i >= 29998.0)", { items })).toEqual([29998, 29999])
    expect(value("items.map(i, i)[29999] == 29999.0", { items })).toBe(true)
  })

  it("keeps earlier lists intact when a longer one shares their storage", () => {
    expect(value("[[1] + [2], ([1] + [2]) + [3]].map(l, l.size())")).toEqual([2, 3])
    const xs = { json: [1, 2] }
    expect(value("xs.map(x, x).map(l, l) + [0.0] == xs.map(x, x) + [0.0]", { xs })).toBe(true)
    expect(value("[xs.map(x, x) + [3.0], xs.map(x, x) + [4.0]]", { xs })).toEqual([
      [1, 2, 3],
      [1, 2, 4]
    ])
  })

  it("replaces text linearly with cel-go's semantics", () => {
    expect(value("'a-b-c'.replace('-', '+')")).toBe("a+b+c")
    expect(value("'a-b-c'.replace('-', '+', 1)")).toBe("a+b-c")
    expect(value("'ab'.replace('', '.')")).toBe(".a.b.")
    expect(value("'a😀'.replace('', '.', 2)")).toBe(".a.😀")
  })
})
