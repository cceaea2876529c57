import { parse, plan } from "@bufbuild/cel"
import type { CelResult } from "@bufbuild/cel"
import { Either } from "effect"
import { environment } from "./environment.ts"
import { compileFast } from "./fast/compileFast.ts"
import type { Code } from "./fast/compileFast.ts"
import { expressionError } from "./ExpressionError.ts"
import type { ExpressionError } from "./ExpressionError.ts"
import { expressionLimits } from "./limits.ts"
import { scanSource } from "./sourceScan.ts"
import { inspectTree } from "./syntaxTree.ts"
import type { ParsedExpr } from "./syntaxTree.ts"

/** A checked, planned CEL expression: compile once per definition version, evaluate many times. */
export interface CompiledExpression {
  readonly _tag: "CompiledExpression"
  readonly source: string
  /** Top-level identifiers it reads, e.g. `input`, `context`, `error`, `now`. */
  readonly variables: ReadonlySet<string>
}

/** What evaluate.ts needs; kept off the public shape. */
export interface Program {
  readonly run: (activation: Record<string, unknown>) => CelResult
  /** Offset in the source of the node with this id (the library reports errors by node id). */
  readonly offsetOf: (exprId: bigint | undefined) => number | undefined
  /** The fast path (fast/compileFast.ts), for expressions within its subset. */
  readonly fast: Code | undefined
}

const programs = new WeakMap<CompiledExpression, Program>()

/** The planned program behind a compiled expression. */
export const programOf = (expression: CompiledExpression): Program => {
  const program = programs.get(expression)
  if (program === undefined) throw new TypeError("Expected an expression made by compileExpression")
  return program
}

/**
 * Parses and checks a CEL expression. Refuses syntax errors, sources over 8 KiB or nested too
 * deeply, literal regular expressions RE2 refuses, unknown functions, and the reserved names
 * `__proto__`, `constructor`, `prototype` as identifiers, fields or keys.
 */
export const compileExpression = (source: string): Either.Either<CompiledExpression, ExpressionError> => {
  if (source.length > expressionLimits.maxSourceLength)
    return Either.left(
      expressionError(
        "limit",
        `Expected an expression of at most ${expressionLimits.maxSourceLength} characters, but it has ${source.length}`,
        source
      )
    )
  if (source.trim() === "")
    return Either.left(
      expressionError("syntax", "Expected an expression, but the source is empty", source, 0)
    )
  const scan = scanSource(source, 0, expressionLimits.maxNesting, false)
  if (scan._tag === "TooDeep")
    return Either.left(
      expressionError(
        "limit",
        `Expected brackets nested at most ${expressionLimits.maxNesting} deep, but they go deeper`,
        source,
        scan.offset
      )
    )
  if (scan._tag === "Unterminated")
    return Either.left(
      expressionError(
        "syntax",
        "Expected a string literal to close, but the text ends first",
        source,
        scan.offset
      )
    )
  const parsed = parseSource(source)
  if (Either.isLeft(parsed)) return Either.left(parsed.left)
  return Either.flatMap(inspectTree(parsed.right, source), (variables) => {
    const positions = parsed.right.sourceInfo?.positions ?? {}
    let run: Program["run"]
    try {
      run = plan(environment, parsed.right) as Program["run"]
    } catch (error) {
      return Either.left(
        expressionError("type", `Expected an expression CEL can plan, but ${describe(error)}`, source)
      )
    }
    const compiled: CompiledExpression = { _tag: "CompiledExpression", source, variables }
    programs.set(compiled, {
      run,
      offsetOf: (exprId) => (exprId === undefined ? undefined : positions[String(exprId)]),
      fast: compileFast(parsed.right)
    })
    return Either.right(compiled)
  })
}

const parseSource = (source: string): Either.Either<ParsedExpr, ExpressionError> => {
  try {
    return Either.right(parse(source))
  } catch (error) {
    if (error instanceof RangeError)
      return Either.left(
        expressionError("limit", "Expected an expression the parser can nest, but it is too deep", source)
      )
    const location = (error as { location?: { start?: { offset?: number } } }).location
    return Either.left(
      expressionError(
        "syntax",
        syntaxMessage(error, source, location?.start?.offset),
        source,
        location?.start?.offset
      )
    )
  }
}

/**
 * The parser says "found X but expecting Y". When all it expected was the end of input, it had
 * read a complete expression up to X and could not go on: the real mistake is at X or after it.
 */
const syntaxMessage = (error: unknown, source: string, offset: number | undefined): string => {
  const text = describe(error).replace(/^<input>:\d+:\d+: /, "")
  const match = /^found (.*) but expecting (.*)$/s.exec(text)
  if (match === null) return `Expected valid CEL syntax, but ${text}`
  const [, found, expected] = match as unknown as readonly [string, string, string]
  const rest = JSON.stringify(source.slice(offset ?? 0, (offset ?? 0) + 16))
  if (expected === "end of input")
    return `Expected the expression to end or go on validly, but it cannot be read on from ${rest} (a missing operand, bracket or quote?)`
  if (expected.includes("identifier"))
    return `Expected an operand (a literal, a name, '(', '[', '{', '!' or '-'), but found ${found}`
  return `Expected ${expected}, but found ${found}`
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error))
