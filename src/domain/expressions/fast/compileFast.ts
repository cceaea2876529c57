import type { BindingValue } from "../Bindings.ts"
import { isKnownFunction } from "../environment.ts"
import type { ParsedExpr } from "../syntaxTree.ts"
import { readFrom, readVariable, type Accessor } from "./access.ts"
import type { Arithmetic, Ordering, TextTest } from "./operators.ts"
import { arithmetic, compare, contained, equality, negate, not, size, textTest } from "./operators.ts"
import { unsure } from "./unsure.ts"
import { isDataObject, LiteralList } from "./values.ts"
import type { FastValue } from "./values.ts"

type Expr = NonNullable<ParsedExpr["expr"]>
export type Variables = Readonly<Record<string, BindingValue>>
/** A compiled node: its value for the bound variables, or unsure. */
export type Code = (variables: Variables) => FastValue

/** Thrown while compiling a node outside the fast path's subset. */
const unsupported = Symbol("unsupported")
const refuse = (): never => {
  throw unsupported
}

/**
 * Compiles the subset of CEL the fast path evaluates into closures: literals (not uint or
 * bytes), variables, field selection and indexing, `has`, list literals, `&&`, `||`, `!`,
 * `? :`, arithmetic, comparisons, `==`, `!=`, `in`, `size` and `contains`/`startsWith`/
 * `endsWith`. Anything else — comprehensions, map literals, other functions — leaves the
 * expression to the library (undefined).
 */
export const compileFast = (parsed: ParsedExpr): Code | undefined => {
  if (parsed.expr === undefined) return undefined
  try {
    return node(parsed.expr, false)
  } catch (error) {
    if (error === unsupported) return undefined
    throw error
  }
}

const arithmeticOps = new Set(["_+_", "_-_", "_*_", "_/_", "_%_"])
const orderingOps = new Set(["_<_", "_<=_", "_>_", "_>=_"])
const textTests = new Set(["contains", "startsWith", "endsWith"])

/** `typed`: whether the consumer tells ints from doubles (arithmetic, indexes); others compare numbers by value. */
const node = (expr: Expr, typed: boolean): Code => {
  const kind = expr.exprKind
  switch (kind.case) {
    case "constExpr": {
      const constant = kind.value.constantKind
      if (
        constant.case === "int64Value" ||
        constant.case === "doubleValue" ||
        constant.case === "stringValue" ||
        constant.case === "boolValue"
      ) {
        const value = constant.value
        return () => value
      }
      if (constant.case === "nullValue") return () => null
      return refuse()
    }
    case "identExpr":
    case "selectExpr":
      if (kind.case === "selectExpr" && kind.value.testOnly) return has(kind.value.operand, kind.value.field)
      return chain(expr, typed)
    case "listExpr": {
      if (kind.value.optionalIndices.length > 0) return refuse()
      const elements = kind.value.elements.map((element) => node(element, typed))
      return (v) => new LiteralList(elements.map((element) => element(v)))
    }
    case "callExpr":
      return call(expr, kind.value, typed)
    default:
      return refuse()
  }
}

const call = (
  expr: Expr,
  value: Extract<Expr["exprKind"], { case: "callExpr" }>["value"],
  typed: boolean
): Code => {
  const { function: name, args, target } = value
  if (target !== undefined) {
    const qualified = qualifiedName(target)
    if (qualified !== undefined && isKnownFunction(`${qualified}.${name}`)) return refuse()
    if (name === "size" && args.length === 0) {
      const of = node(target, false)
      return (v) => size(of(v))
    }
    if (textTests.has(name) && args.length === 1) {
      const [text, argument] = [node(target, false), node(args[0] as Expr, false)]
      return (v) => textTest(name as TextTest, text(v), argument(v))
    }
    return refuse()
  }
  const [a, b, c] = args as ReadonlyArray<Expr | undefined>
  if (args.length === 1 && a !== undefined) {
    if (name === "size") {
      const of = node(a, false)
      return (v) => size(of(v))
    }
    if (name === "!_") {
      const of = node(a, false)
      return (v) => not(of(v))
    }
    if (name === "-_") {
      const of = node(a, true)
      return (v) => negate(of(v))
    }
  }
  if (args.length === 2 && a !== undefined && b !== undefined) {
    if (name === "_[_]") return chain(expr, typed)
    if (name === "_&&_" || name === "_||_") {
      const [left, right] = [node(a, false), node(b, false)]
      const decisive = name === "_||_" // the value of the left side that decides alone
      return (v) => {
        const l = left(v)
        if (l === decisive) return decisive
        if (l !== !decisive) return unsure()
        const r = right(v)
        return typeof r === "boolean" ? r : unsure()
      }
    }
    if (arithmeticOps.has(name)) {
      const [left, right] = [node(a, true), node(b, true)]
      return (v) => arithmetic(name as Arithmetic, left(v), right(v))
    }
    if (orderingOps.has(name)) {
      const [left, right] = [node(a, false), node(b, false)]
      return (v) => compare(name as Ordering, left(v), right(v))
    }
    if (name === "_==_" || name === "_!=_") {
      const [left, right] = [node(a, false), node(b, false)]
      const equal = name === "_==_"
      return (v) => equality(left(v), right(v)) === equal
    }
    if (name === "@in") {
      const [item, container] = [node(a, false), node(b, false)]
      return (v) => contained(item(v), container(v))
    }
  }
  if (name === "_?_:_" && args.length === 3 && a !== undefined && b !== undefined && c !== undefined) {
    const [condition, then, otherwise] = [node(a, false), node(b, typed), node(c, typed)]
    return (v) => {
      const holds = condition(v)
      return holds === true ? then(v) : holds === false ? otherwise(v) : unsure()
    }
  }
  return refuse()
}

/** `has(operand.field)`: present own key of a map; false on any other value, as the library answers. */
const has = (operand: Expr | undefined, field: string): Code => {
  if (operand === undefined) return refuse()
  const of = node(operand, false)
  return (v) => {
    const value = of(v)
    return isDataObject(value) ? Object.hasOwn(value, field) : false
  }
}

/** A chain of selections and indexes from a variable (typed by its schema) or another value. */
const chain = (expr: Expr, typed: boolean): Code => {
  const accessors: Array<Accessor> = []
  let root = expr
  for (;;) {
    const kind = root.exprKind
    if (kind.case === "selectExpr" && !kind.value.testOnly && kind.value.operand !== undefined) {
      accessors.unshift(kind.value.field)
      root = kind.value.operand
    } else if (
      kind.case === "callExpr" &&
      kind.value.function === "_[_]" &&
      kind.value.target === undefined &&
      kind.value.args.length === 2
    ) {
      const [container, key] = kind.value.args as [Expr, Expr]
      accessors.unshift(node(key, true))
      root = container
    } else break
  }
  if (root.exprKind.case === "identExpr") return readVariable(root.exprKind.value.name, accessors, typed)
  if (accessors.length === 0) return node(root, typed)
  return readFrom(node(root, typed), accessors, typed)
}

const qualifiedName = (expr: Expr): string | undefined => {
  const kind = expr.exprKind
  if (kind.case === "identExpr") return kind.value.name
  if (kind.case === "selectExpr" && !kind.value.testOnly && kind.value.operand !== undefined) {
    const parent = qualifiedName(kind.value.operand)
    return parent === undefined ? undefined : `${parent}.${kind.value.field}`
  }
  return undefined
}
