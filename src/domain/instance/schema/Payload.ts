import { Either, ParseResult, Schema } from "effect"
import type { Json, JsonObject } from "../../json/Json.ts"
import { reservedKeys } from "../../json/jsonbSafety.ts"

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const maxDepth = 256

/**
 * A JSON value in canonical form, or why it cannot be stored: object keys in code-point order
 * (the order RFC 8785 and `sortKeys` use), `-0` as `0`, and nothing jsonb would change or refuse
 * (non-finite numbers, NUL, lone surrogates) nor a reserved key. One pass: it is run on every
 * decoded payload and every rendered value.
 */
export const canonicalPayload = (value: unknown): Either.Either<Json, string> => {
  const problem: { message?: string } = {}
  const out = visit(value, "", 0, problem)
  return problem.message === undefined ? Either.right(out as Json) : Either.left(problem.message)
}

const visit = (node: unknown, path: string, depth: number, problem: { message?: string }): unknown => {
  if (problem.message !== undefined) return null
  if (node === null || typeof node === "boolean") return node
  if (typeof node === "number") {
    if (!Number.isFinite(node))
      problem.message = `Expected a finite number at ${where(path)}, but got ${node}`
    return node === 0 ? 0 : node
  }
  if (typeof node === "string") {
    const issue = stringIssue(node)
    if (issue !== undefined) problem.message = `Expected ${issue} at ${where(path)}`
    return node
  }
  if (depth >= maxDepth) {
    problem.message = `Expected JSON nested at most ${maxDepth} deep, but ${where(path)} is deeper`
    return null
  }
  if (Array.isArray(node))
    return node.map((item, index) => visit(item, `${path}[${index}]`, depth + 1, problem))
  if (typeof node === "object" && Object.getPrototypeOf(node) === Object.prototype) {
    const keys = Object.keys(node).sort()
    const out: Record<string, unknown> = {}
    for (const key of keys) {
      const issue = reservedKeys.has(key) ? `an ordinary key, but "${key}" is reserved` : stringIssue(key)
      if (issue !== undefined) problem.message = `Expected ${issue} at ${where(path)}`
      out[key] = visit((node as Record<string, unknown>)[key], `${path}.${key}`, depth + 1, problem)
    }
    return out
  }
  problem.message = `Expected a JSON value at ${where(path)}, but got ${typeof node}`
  return null
}

const stringIssue = (text: string): string | undefined =>
  text.includes("\u0000")
    ? "text without NUL characters (jsonb refuses \\u0000), but found one"
    : loneSurrogate.test(text)
      ? "well-formed Unicode, but found a lone surrogate"
      : undefined

const where = (path: string): string => (path === "" ? "the root" : path.replace(/^\./, ""))

const declarePayload = <A extends Json>(identifier: string, check: (value: Json) => value is A) =>
  Schema.declare<A, A, []>(
    [],
    {
      decode: () => (input, _, ast) =>
        Either.match(canonicalPayload(input), {
          onLeft: (message) => ParseResult.fail(new ParseResult.Type(ast, input, message)),
          onRight: (json) =>
            check(json)
              ? ParseResult.succeed(json)
              : ParseResult.fail(
                  new ParseResult.Type(ast, input, `Expected a JSON object, but got ${typeof json}`)
                )
        }),
      encode: () => (input, _, ast) =>
        check(input as Json)
          ? ParseResult.succeed(input as A)
          : ParseResult.fail(new ParseResult.Type(ast, input, "Expected a JSON value"))
    },
    { identifier }
  )

/** Any JSON payload, canonical after decoding (keys sorted, so jsonb's key order never shows). */
export const Payload: Schema.Schema<Json> = declarePayload("Payload", (_): _ is Json => true)

/** A JSON object payload (contexts), canonical after decoding. */
export const ObjectPayload: Schema.Schema<JsonObject> = declarePayload(
  "ObjectPayload",
  (value): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value)
)
