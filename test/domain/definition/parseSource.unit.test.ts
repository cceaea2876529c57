import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { maxSourceLength, parseSource } from "../../../src/domain/definition/source/parseSource.ts"

const parsed = (text: string, format: "yaml" | "json" = "yaml") =>
  Either.getOrThrow(parseSource(text, format))
const problems = (text: string, format: "yaml" | "json" = "yaml") =>
  Either.match(parseSource(text, format), { onLeft: (p) => p, onRight: () => [] })

describe("parseSource", () => {
  it("reads YAML 1.2 core: yes is text, 0x1F a number, keys as written", () => {
    expect(parsed("a: yes\nb: 0x1F\n200: ok\nc: ~\n").value).toEqual({
      a: "yes",
      b: 31,
      "200": "ok",
      c: null
    })
  })

  it("keeps the line and column of every value, keyed members at their key", () => {
    const { sourceMap } = parsed("name: x\nsteps:\n  a:\n    next: b\n  list: [1, 2]\n")
    expect(sourceMap.locate(["steps", "a", "next"])).toEqual({ line: 4, column: 5 })
    expect(sourceMap.locate(["steps", "list", 1])).toEqual({ line: 5, column: 13 })
    // A path that does not exist is placed at its nearest ancestor that does.
    expect(sourceMap.locate(["steps", "a", "missing", "deeper"])).toEqual({ line: 3, column: 3 })
  })

  it("places a character of a one-line string, plain or quoted", () => {
    const { sourceMap } = parsed(`a: input.x > 1\nb: "input.y > 2"\nc: 'it''s'\n`)
    expect(sourceMap.locateInString(["a"], 8)).toEqual({ line: 1, column: 12 })
    expect(sourceMap.locateInString(["b"], 8)).toEqual({ line: 2, column: 13 })
    // Escapes make text and value differ: no character position, only the field's.
    expect(sourceMap.locateInString(["c"], 2)).toBeUndefined()
  })

  it("gives JSON the same positions", () => {
    const { value, sourceMap } = parsed('{\n  "name": "x",\n  "steps": { "a": { "next": "b" } }\n}', "json")
    expect(value).toEqual({ name: "x", steps: { a: { next: "b" } } })
    expect(sourceMap.locate(["steps", "a", "next"])).toEqual({ line: 3, column: 21 })
  })

  it("ignores a byte order mark", () => {
    expect(parsed('\uFEFF{"a": 1}', "json").value).toEqual({ a: 1 })
    expect(parsed("\uFEFFa: 1\n").value).toEqual({ a: 1 })
  })

  it("refuses JSON that is only YAML", () => {
    expect(problems("{ name: x }", "json")[0]?.message).toMatch(/^Expected well-formed JSON, but/)
    expect(problems('{"a": 1} # comment', "json")).toHaveLength(1)
  })

  it("keeps a __proto__ member as data, never as a prototype", () => {
    const { value } = parsed("__proto__: { polluted: true }\n")
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.keys(value as object)).toEqual(["__proto__"])
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined()
  })

  it("refuses a text over the size limit without reading it", () => {
    expect(problems(" ".repeat(maxSourceLength + 1))).toEqual([
      {
        path: [],
        message: `Expected a text of at most ${maxSourceLength} characters, but it has ${maxSourceLength + 1}`
      }
    ])
  })

  it("refuses nesting deeper than the stack allows, with one problem", () => {
    const found = problems(`a: ${"[".repeat(5000)}${"]".repeat(5000)}`)
    expect(found).toHaveLength(1)
    expect(found[0]?.message).toBe("Expected well-formed YAML, but it is nested too deeply")
  })

  it("refuses block nesting beyond its depth limit", () => {
    const text = Array.from({ length: 300 }, (_, i) => `${" ".repeat(i)}k:`).join("\n") + " 1"
    expect(problems(text).map((p) => p.message)).toEqual([
      "Expected values nested at most 256 deep, but they are deeper"
    ])
  })

  it("refuses a document that expands to too many values through aliases", () => {
    const text = `a: &a [${Array(20_000).fill("x").join(",")}]\nb: [${Array(60).fill("*a").join(",")}]`
    expect(problems(text).map((p) => p.message)).toEqual([
      "Expected at most 1000000 values, but the document expands to more"
    ])
  })

  it("refuses several documents in one text", () => {
    expect(problems("a: 1\n---\nb: 2\n")[0]).toMatchObject({ line: 2, column: 1 })
  })
})
