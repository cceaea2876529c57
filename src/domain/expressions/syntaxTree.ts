import type { parse } from "@bufbuild/cel"
import { Either } from "effect"
import { reservedKeys } from "../json/jsonbSafety.ts"
import { iterationFunction, isKnownFunction } from "./environment.ts"
import { expressionError } from "./ExpressionError.ts"
import type { ExpressionError } from "./ExpressionError.ts"
import { expressionLimits } from "./limits.ts"
import { compilePattern } from "./regex.ts"

export type ParsedExpr = ReturnType<typeof parse>
type Expr = NonNullable<ParsedExpr["expr"]>

// Calls the planner handles itself rather than through the function registry.
const plannerCalls = new Set([
  "_&&_",
  "_||_",
  "_?_:_",
  "_[_]",
  "_[?_]",
  "_?._",
  "@not_strictly_false",
  "__not_strictly_false__"
])

/**
 * Checks a parsed expression and prepares it for metered evaluation, in one walk: tree depth,
 * reserved names (`__proto__`, `constructor`, `prototype`) as identifiers, fields or literal keys,
 * unknown functions, literal `matches` patterns RE2 refuses. Wraps every comprehension's loop
 * condition in `iterationFunction`, so each iteration is charged. Returns the free variables.
 */
export const inspectTree = (
  parsed: ParsedExpr,
  source: string
): Either.Either<ReadonlySet<string>, ExpressionError> => {
  const variables = new Set<string>()
  const positions = parsed.sourceInfo?.positions ?? {}
  const offsetOf = (expr: Expr): number | undefined => positions[String(expr.id)]
  const fail = (kind: ExpressionError["kind"], message: string, expr: Expr): never => {
    throw expressionError(kind, message, source, offsetOf(expr))
  }
  const checkName = (name: string, what: string, expr: Expr): void => {
    if (reservedKeys.has(name))
      fail("syntax", `Expected an ordinary ${what}, but "${name}" is reserved`, expr)
  }

  const visit = (expr: Expr, scope: ReadonlySet<string>, depth: number): void => {
    if (depth > expressionLimits.maxTreeDepth)
      fail(
        "limit",
        `Expected an expression nested at most ${expressionLimits.maxTreeDepth} deep, but it is deeper`,
        expr
      )
    const next = depth + 1
    const kind = expr.exprKind
    switch (kind.case) {
      case "identExpr":
        checkName(kind.value.name, "name", expr)
        if (!scope.has(kind.value.name)) variables.add(kind.value.name)
        return
      case "selectExpr":
        checkName(kind.value.field, "field name", expr)
        if (kind.value.operand !== undefined) visit(kind.value.operand, scope, next)
        return
      case "callExpr": {
        const call = kind.value
        const qualified = call.target === undefined ? undefined : qualifiedName(call.target)
        const known =
          plannerCalls.has(call.function) ||
          call.function === iterationFunction ||
          isKnownFunction(call.function) ||
          (qualified !== undefined && isKnownFunction(`${qualified}.${call.function}`))
        if (!known)
          fail("type", `Expected a function Foldflow's CEL provides, but "${call.function}" is not one`, expr)
        const namespaced = qualified !== undefined && isKnownFunction(`${qualified}.${call.function}`)
        if (call.target !== undefined && !namespaced) visit(call.target, scope, next)
        for (const arg of call.args) visit(arg, scope, next)
        if (call.function === "_[_]") checkLiteralKey(call.args[1], "key", checkName)
        if (call.function === "matches") {
          const pattern = call.target === undefined ? call.args[1] : call.args[0]
          const literal = pattern === undefined ? undefined : stringConstant(pattern)
          if (pattern !== undefined && literal !== undefined) {
            const compiled = compilePattern(literal)
            if (Either.isLeft(compiled)) fail("regex", compiled.left, pattern)
          }
        }
        return
      }
      case "listExpr":
        for (const element of kind.value.elements) visit(element, scope, next)
        return
      case "structExpr":
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === "fieldKey") checkName(entry.keyKind.value, "field name", expr)
          if (entry.keyKind.case === "mapKey") {
            checkLiteralKey(entry.keyKind.value, "key", checkName)
            visit(entry.keyKind.value, scope, next)
          }
          if (entry.value !== undefined) visit(entry.value, scope, next)
        }
        return
      case "comprehensionExpr": {
        const loop = kind.value
        if (loop.iterRange !== undefined) visit(loop.iterRange, scope, next)
        if (loop.accuInit !== undefined) visit(loop.accuInit, scope, next)
        const inner = new Set(
          [...scope, loop.iterVar, loop.iterVar2, loop.accuVar].filter((name) => name !== "")
        )
        for (const part of [loop.loopCondition, loop.loopStep, loop.result])
          if (part !== undefined) visit(part, inner, next)
        if (loop.loopCondition !== undefined) loop.loopCondition = iterationCall(expr.id, loop.loopCondition)
        return
      }
      default:
        return
    }
  }

  try {
    if (parsed.expr !== undefined) visit(parsed.expr, new Set(), 0)
    return Either.right(variables)
  } catch (error) {
    if (isExpressionError(error)) return Either.left(error)
    throw error
  }
}

const isExpressionError = (value: unknown): value is ExpressionError =>
  typeof value === "object" && value !== null && (value as { _tag?: unknown })._tag === "ExpressionError"

const stringConstant = (expr: Expr): string | undefined =>
  expr.exprKind.case === "constExpr" && expr.exprKind.value.constantKind.case === "stringValue"
    ? expr.exprKind.value.constantKind.value
    : undefined

const checkLiteralKey = (
  expr: Expr | undefined,
  what: string,
  checkName: (name: string, what: string, expr: Expr) => void
): void => {
  const key = expr === undefined ? undefined : stringConstant(expr)
  if (expr !== undefined && key !== undefined) checkName(key, what, expr)
}

/** `a.b.c` as text, when the expression is a plain chain of identifiers. */
const qualifiedName = (expr: Expr): string | undefined => {
  if (expr.exprKind.case === "identExpr") return expr.exprKind.value.name
  if (expr.exprKind.case === "selectExpr" && !expr.exprKind.value.testOnly && expr.exprKind.value.operand) {
    const parent = qualifiedName(expr.exprKind.value.operand)
    return parent === undefined ? undefined : `${parent}.${expr.exprKind.value.field}`
  }
  return undefined
}

// A call node built in place: the planner reads only `id`, `exprKind`, `function`, `args`, `target`.
const iterationCall = (id: bigint, condition: Expr): Expr =>
  ({
    $typeName: "cel.expr.Expr",
    id,
    exprKind: {
      case: "callExpr",
      value: {
        $typeName: "cel.expr.Expr.Call",
        function: iterationFunction,
        args: [condition],
        target: undefined
      }
    }
  }) as Expr
