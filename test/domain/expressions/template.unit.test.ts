import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import fc from "fast-check"
import { bindings } from "../../../src/domain/expressions/Bindings.ts"
import type { BindingValue } from "../../../src/domain/expressions/Bindings.ts"
import {
  compileTemplate,
  renderTemplate,
  secretReferences,
  templateVariables
} from "../../../src/domain/expressions/template.ts"
import type { CompiledTemplate } from "../../../src/domain/expressions/template.ts"
import { jsonbProblems } from "../../../src/domain/json/jsonbSafety.ts"
import type { Json } from "../../../src/domain/json/Json.ts"
import type { Problem } from "../../../src/domain/Problem.ts"

const input: BindingValue = {
  json: { orderId: "o-7", total: 12.5, qty: 3, lines: [{ sku: "a" }], note: null },
  schema: { properties: { qty: { type: "integer" } } }
}

const compiled = (value: Json): CompiledTemplate =>
  Either.getOrElse(compileTemplate(value), (problems) => {
    throw new Error(problems.map((p) => p.message).join("; "))
  })

const render = (value: Json, variables: Record<string, BindingValue> = { input }): Json =>
  Either.getOrElse(renderTemplate(compiled(value), bindings(variables)), (error) => {
    throw new Error(error.message)
  })

const problems = (value: Json): ReadonlyArray<Problem> =>
  Either.match(compileTemplate(value), { onLeft: (p) => p, onRight: () => [] })

describe("templates", () => {
  it("renders a whole-string template as the typed value", () => {
    expect(
      render({
        total: "${input.total}",
        qty: "${input.qty}",
        lines: "${input.lines}",
        note: "${input.note}",
        big: "${input.total > 10.0}"
      })
    ).toEqual({ total: 12.5, qty: 3, lines: [{ sku: "a" }], note: null, big: true })
  })

  it("renders embedded templates as text: strings as they are, other values as canonical JSON", () => {
    expect(render("order ${input.orderId}: ${input.qty} × ${input.lines} (${input.note})")).toBe(
      'order o-7: 3 × [{"sku":"a"}] (null)'
    )
    expect(render(" ${input.orderId}")).toBe(" o-7")
    expect(render("${input.orderId}${input.qty}")).toBe("o-73")
  })

  it("ends an expression at the first } outside its string literals and brackets", () => {
    expect(render("${ {'k': '}'}['k'] }!")).toBe("}!")
    expect(render("${ input.orderId + '${' }")).toBe("o-7${")
  })

  it("reads $${ as a literal ${ and leaves other text alone", () => {
    expect(render("cost: $${input.total} is $${ literally }, $ and { stay")).toBe(
      "cost: ${input.total} is ${ literally }, $ and { stay"
    )
    expect(render("$$${input.qty}")).toBe("$${input.qty}")
  })

  it("keeps ${secrets.NAME} verbatim, never evaluated, and reports where secrets are referenced", () => {
    const value: Json = {
      headers: { authorization: "Bearer ${secrets.PAYMENTS_TOKEN}", key: "${ secrets.API_KEY }" },
      list: ["${secrets.A}"]
    }
    expect(render(value, {})).toEqual({
      headers: { authorization: "Bearer ${secrets.PAYMENTS_TOKEN}", key: "${secrets.API_KEY}" },
      list: ["${secrets.A}"]
    })
    expect(secretReferences(value)).toEqual([
      { path: ["headers", "authorization"], name: "PAYMENTS_TOKEN" },
      { path: ["headers", "key"], name: "API_KEY" },
      { path: ["list", 0], name: "A" }
    ])
    expect(templateVariables(compiled(value)).size).toBe(0)
  })

  it("refuses secrets used inside an expression", () => {
    expect(problems({ h: "${'Bearer ' + secrets.TOKEN}" })).toEqual([
      {
        path: ["h"],
        message:
          "Expected secrets.NAME alone inside its ${…}, but secrets is used in an expression (at character 3 of the string)"
      }
    ])
  })

  it("never templates object keys", () => {
    expect(render({ "${input.orderId}": "${input.qty}" })).toEqual({ "${input.orderId}": 3 })
  })

  it("reports every problem at once, each with its path and character", () => {
    const found = problems({
      a: ["ok ${input.qty}", "${1 +}"],
      b: { c: "x ${unclosed" },
      d: "${}",
      e: "${input.__proto__}"
    })
    expect(found.map((p) => p.path)).toEqual([["a", 1], ["b", "c"], ["d"], ["e"]])
    expect(found[0]?.message).toMatch(/^Expected .*, but .* \(at character 5 of the string\)$/)
    expect(found[1]?.message).toBe(
      "Expected a } to close the ${, but the text ends first (at character 3 of the string)"
    )
    expect(found[2]?.message).toBe(
      "Expected an expression, but the source is empty (at character 3 of the string)"
    )
    expect(found[3]?.message).toBe(
      'Expected an ordinary field name, but "__proto__" is reserved (at character 8 of the string)'
    )
    expect(problems({ __proto__: "x" } as unknown as Json)).toEqual([])
    expect(problems(JSON.parse('{"__proto__": "x"}') as Json)[0]?.message).toBe(
      'Expected an ordinary key, but "__proto__" is reserved'
    )
  })

  it("reports a failing expression at render time with its path", () => {
    const template = compiled({ body: { items: ["${input.missing}"] } })
    expect(renderTemplate(template, bindings({ input }))).toEqual(
      Either.left(
        expect.objectContaining({ path: ["body", "items", 0], kind: "evaluation", source: "input.missing" })
      )
    )
  })

  it("lists the variables its expressions read", () => {
    expect(
      [...templateVariables(compiled({ a: "${input.qty}", b: ["x ${context.n} ${now}"] }))].sort()
    ).toEqual(["context", "input", "now"])
  })

  it("renders a value without templates to itself", () => {
    const plain = fc
      .jsonValue({ stringUnit: "grapheme", maxDepth: 3 })
      .map((v) => v as Json)
      .filter((v) => jsonbProblems(v).length === 0 && !JSON.stringify(v).includes("${"))
    fc.assert(
      fc.property(plain, (value) => {
        expect(render(value, {})).toEqual(value)
      })
    )
  })

  it("renders deterministically", () => {
    const template = compiled({ a: "${input}", b: "n=${input.qty * 2}", c: ["${input.lines.map(l, l.sku)}"] })
    const first = renderTemplate(template, bindings({ input }))
    const second = renderTemplate(template, bindings({ input: structuredClone(input) }))
    expect(second).toEqual(first)
    expect(Either.isRight(first)).toBe(true)
  })
})
