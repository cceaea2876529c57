import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import { compileExpression } from "../../../src/domain/expressions/compile.ts"
import type { ExpressionError } from "../../../src/domain/expressions/ExpressionError.ts"
import { expressionLimits } from "../../../src/domain/expressions/limits.ts"

const compileError = (source: string): ExpressionError => {
  const result = compileExpression(source)
  if (Either.isRight(result)) throw new Error(`expected ${JSON.stringify(source.slice(0, 80))} to be refused`)
  return result.left
}

describe("compileExpression", () => {
  it("lists the top-level variables an expression reads, not comprehension variables", () => {
    const compiled = Either.getOrThrow(
      compileExpression(
        "input.total > 1000.0 && context.items.exists(i, i.qty > item.min) && now > event.time"
      )
    )
    expect([...compiled.variables].sort()).toEqual(["context", "event", "input", "item", "now"])
    expect(compiled.source).toContain("input.total")
  })

  it("reports a syntax error with its offset, line and column", () => {
    const error = compileError("input.total >\n  1000 +")
    expect(error).toMatchObject({ _tag: "ExpressionError", kind: "syntax", line: 2 })
    expect(error.message).toBe(
      'Expected the expression to end or go on validly, but it cannot be read on from "+" (a missing operand, bracket or quote?)'
    )
    expect(error.offset).toBeGreaterThan(0)
    expect(error.column).toBe((error.offset ?? 0) - "input.total >\n".length + 1)
  })

  it("points at a string literal that never closes", () => {
    expect(compileError("input.name == 'Ada")).toMatchObject({
      kind: "syntax",
      message: "Expected a string literal to close, but the text ends first",
      offset: 14
    })
  })

  it("refuses an empty expression", () => {
    expect(compileError("  ")).toMatchObject({
      kind: "syntax",
      message: "Expected an expression, but the source is empty"
    })
  })

  it.each(["__proto__", "constructor", "prototype"])(
    "refuses the reserved name %s as field, key and identifier",
    (name) => {
      expect(compileError(`input.${name}`)).toMatchObject({ kind: "syntax", offset: 5 })
      expect(compileError(`input['${name}']`).message).toBe(
        `Expected an ordinary key, but "${name}" is reserved`
      )
      expect(compileError(`{'${name}': 1}`).kind).toBe("syntax")
      expect(compileError(`${name} == 1`).message).toBe(
        `Expected an ordinary name, but "${name}" is reserved`
      )
    }
  )

  it("refuses unknown functions at compile time", () => {
    expect(compileError("input.name.shout()")).toMatchObject({
      kind: "type",
      message: `Expected a function Foldflow's CEL provides, but "shout" is not one`
    })
  })

  it("refuses literal patterns RE2 cannot run in linear time, pointing at the pattern", () => {
    const backreference = compileError("input.name.matches('(a)\\\\1')")
    expect(backreference).toMatchObject({ kind: "regex", offset: 19 })
    expect(backreference.message).toContain("invalid escape sequence")
    expect(compileError("matches(input.name, '(?=a)b')").kind).toBe("regex")
    expect(compileError("input.name.matches('(?<!a)b')").kind).toBe("regex")
  })

  it("refuses sources over the length limit and nesting beyond the depth limit", () => {
    const long = `'${"a".repeat(expressionLimits.maxSourceLength)}'`
    expect(compileError(long)).toMatchObject({ kind: "limit" })
    const nested = `${"[".repeat(expressionLimits.maxNesting + 1)}1${"]".repeat(expressionLimits.maxNesting + 1)}`
    expect(compileError(nested)).toMatchObject({ kind: "limit", offset: expressionLimits.maxNesting })
    expect(compileError(`input${".a".repeat(400)}`).kind).toBe("limit")
    expect(compileError(Array.from({ length: 400 }, (_, i) => `x${i}`).join(" + ")).kind).toBe("limit")
  })

  it("does not count brackets inside string literals as nesting", () => {
    const inString = `'${"(".repeat(expressionLimits.maxNesting + 5)}' + "]]]" + r'\\' + '''{{'''`
    expect(Either.isRight(compileExpression(inString))).toBe(true)
  })
})
