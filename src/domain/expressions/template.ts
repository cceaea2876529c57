import { Either } from "effect"
import { canonicalJson } from "../json/canonical.ts"
import type { Json, JsonObject } from "../json/Json.ts"
import { reservedKeys } from "../json/jsonbSafety.ts"
import type { PathSegment, Problem } from "../Problem.ts"
import type { Bindings } from "./Bindings.ts"
import { compileExpression } from "./compile.ts"
import type { CompiledExpression } from "./compile.ts"
import { evaluate } from "./evaluate.ts"
import type { ExpressionError } from "./ExpressionError.ts"
import { isSyntaxError, secretPlaceholder, splitTemplate } from "./templateSyntax.ts"

/**
 * Templated JSON: every string of a value may hold `${…}` expressions (object keys never do).
 * A string that is exactly one `${expr}` renders as expr's typed value; in longer text each
 * `${expr}` renders as text (strings as they are, other values as canonical JSON). `$${` is a
 * literal `${`. `${secrets.NAME}` — alone in its `${}` — is never evaluated: it renders as the
 * placeholder `${secrets.NAME}`, which only the in-process executor replaces, just before a call.
 */
type Node =
  | { readonly _tag: "Literal"; readonly value: Json }
  | { readonly _tag: "Whole"; readonly expression: CompiledExpression }
  | { readonly _tag: "Text"; readonly parts: ReadonlyArray<string | CompiledExpression> }
  | { readonly _tag: "List"; readonly items: ReadonlyArray<Node> }
  | {
      readonly _tag: "Object"
      /** In the order written: expressions evaluate, and the first failure is reported, in this order. */
      readonly entries: ReadonlyArray<readonly [string, Node]>
      /** Entry indexes in key order (RFC 8785's), when that differs: the output is built canonical. */
      readonly keyOrder: ReadonlyArray<number> | undefined
    }

export interface CompiledTemplate {
  readonly _tag: "CompiledTemplate"
  readonly root: Node
  readonly variables: ReadonlySet<string>
}

export type TemplateError = ExpressionError & { readonly path: ReadonlyArray<PathSegment> }

type Path = ReadonlyArray<PathSegment>

/** Compiles every template in a value; problems carry paths into `value` and the character. */
export const compileTemplate = (value: Json): Either.Either<CompiledTemplate, ReadonlyArray<Problem>> => {
  const problems: Array<Problem> = []
  const variables = new Set<string>()
  const at = (path: Path, offset: number, message: string): void => {
    problems.push({ path, message: `${message} (at character ${offset + 1} of the string)` })
  }

  const compileString = (text: string, path: Path): Node => {
    const pieces = splitTemplate(text)
    if (isSyntaxError(pieces)) {
      at(path, pieces.offset, pieces.message)
      return { _tag: "Literal", value: text }
    }
    const parts: Array<string | CompiledExpression> = []
    for (const piece of pieces) {
      if (piece._tag === "Text") parts.push(piece.text)
      else if (piece._tag === "Secret") parts.push(secretPlaceholder(piece.name))
      else {
        const compiled = compileExpression(piece.source)
        if (Either.isLeft(compiled))
          at(path, piece.offset + (compiled.left.offset ?? 0), compiled.left.message)
        else if (compiled.right.variables.has("secrets"))
          at(
            path,
            piece.offset,
            "Expected secrets.NAME alone inside its ${…}, but secrets is used in an expression"
          )
        else {
          compiled.right.variables.forEach((name) => variables.add(name))
          parts.push(compiled.right)
        }
      }
    }
    const only = pieces.length === 1 ? pieces[0] : undefined
    if (only?._tag === "Expression" && typeof parts[0] === "object" && text === `\${${only.source}}`)
      return { _tag: "Whole", expression: parts[0] }
    if (parts.every((part) => typeof part === "string")) return { _tag: "Literal", value: parts.join("") }
    return { _tag: "Text", parts }
  }

  const compileNode = (node: Json, path: Path): Node => {
    if (typeof node === "string") return compileString(node, path)
    if (node === null || typeof node !== "object") return { _tag: "Literal", value: node }
    if (Array.isArray(node)) {
      const items = (node as ReadonlyArray<Json>).map((item, index) => compileNode(item, [...path, index]))
      return items.every((item) => item._tag === "Literal")
        ? { _tag: "Literal", value: items.map((item) => (item as { value: Json }).value) }
        : { _tag: "List", items }
    }
    const entries = Object.entries(node as JsonObject).map(([key, item]) => {
      if (reservedKeys.has(key))
        problems.push({ path: [...path, key], message: `Expected an ordinary key, but "${key}" is reserved` })
      return [key, compileNode(item, [...path, key])] as const
    })
    // Rendered objects come out with their keys in canonical order, so storing them copies nothing.
    const keyOrder = entries
      .map((_, index) => index)
      .sort((a, b) => compareKeys(entries[a]![0], entries[b]![0]))
    if (entries.every(([, item]) => item._tag === "Literal"))
      return {
        _tag: "Literal",
        value: Object.fromEntries(
          keyOrder.map((index) => [entries[index]![0], (entries[index]![1] as { value: Json }).value])
        )
      }
    return {
      _tag: "Object",
      entries,
      keyOrder: keyOrder.every((at, index) => at === index) ? undefined : keyOrder
    }
  }

  const root = compileNode(value, [])
  return problems.length > 0
    ? Either.left(problems)
    : Either.right({ _tag: "CompiledTemplate", root, variables })
}

/** Renders a compiled template; the first failing expression is the error, with its path. */
export const renderTemplate = (
  template: CompiledTemplate,
  bindings: Bindings
): Either.Either<Json, TemplateError> => {
  try {
    return Either.right(render(template.root, bindings))
  } catch (error) {
    if (error instanceof RenderFailed)
      return Either.left({ ...error.error, path: pathTo(template.root, error.node, []) ?? [] })
    throw error
  }
}

// Rendering builds no paths: the path of a failing node is found only once something fails.
const render = (node: Node, bindings: Bindings): Json => {
  switch (node._tag) {
    case "Literal":
      return node.value
    case "Whole":
      return orFail(evaluate(node.expression, bindings), node)
    case "Text": {
      let text = ""
      for (const part of node.parts) {
        if (typeof part === "string") text += part
        else {
          const value = orFail(evaluate(part, bindings), node)
          text += typeof value === "string" ? value : canonicalJson(value)
        }
      }
      return text
    }
    case "List": {
      const out: Array<Json> = []
      for (const item of node.items) out.push(render(item, bindings))
      return out
    }
    case "Object": {
      const out: Record<string, Json> = {}
      if (node.keyOrder === undefined) {
        for (const entry of node.entries) out[entry[0]] = render(entry[1], bindings)
        return out
      }
      const values: Array<Json> = []
      for (const entry of node.entries) values.push(render(entry[1], bindings))
      for (const index of node.keyOrder) out[node.entries[index]![0]] = values[index] as Json
      return out
    }
  }
}

/** UTF-16 code-unit order, the order canonical payloads keep keys in. */
const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

class RenderFailed {
  constructor(
    readonly error: ExpressionError,
    readonly node: Node
  ) {}
}

const orFail = (result: Either.Either<Json, ExpressionError>, node: Node): Json => {
  if (Either.isLeft(result)) throw new RenderFailed(result.left, node)
  return result.right
}

const pathTo = (node: Node, target: Node, path: Path): Path | undefined => {
  if (node === target) return path
  if (node._tag === "List")
    for (let index = 0; index < node.items.length; index++) {
      const found = pathTo(node.items[index] as Node, target, [...path, index])
      if (found !== undefined) return found
    }
  if (node._tag === "Object")
    for (const [key, item] of node.entries) {
      const found = pathTo(item, target, [...path, key])
      if (found !== undefined) return found
    }
  return undefined
}

/** The variables a template's expressions read (secrets are not variables: never evaluated). */
export const templateVariables = (template: CompiledTemplate): ReadonlySet<string> => template.variables

/** Every `${secrets.NAME}` in the strings of a value, with its path. */
export const secretReferences = (
  value: Json
): ReadonlyArray<{ readonly path: ReadonlyArray<PathSegment>; readonly name: string }> => {
  const found: Array<{ readonly path: ReadonlyArray<PathSegment>; readonly name: string }> = []
  const visit = (node: Json, path: Path): void => {
    if (typeof node === "string") {
      const pieces = splitTemplate(node)
      if (!isSyntaxError(pieces))
        for (const piece of pieces) if (piece._tag === "Secret") found.push({ path, name: piece.name })
    } else if (Array.isArray(node))
      (node as ReadonlyArray<Json>).forEach((item, index) => visit(item, [...path, index]))
    else if (node !== null && typeof node === "object")
      for (const [key, item] of Object.entries(node as JsonObject)) visit(item, [...path, key])
  }
  visit(value, [])
  return found
}
