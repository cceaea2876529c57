import { Either, ParseResult, Schema } from "effect"
import type { Json, JsonObject } from "../../json/Json.ts"
import { reservedKeys } from "../../json/jsonbSafety.ts"

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const maxDepth = 256

/**
 * A JSON value in canonical form, or why it cannot be stored: object keys in code-point order
 * (the order RFC 8785 and `sortKeys` use), `-0` as `0`, and nothing jsonb would change or refuse
 * (non-finite numbers, NUL, lone surrogates) nor a reserved key. One pass, run on every decoded
 * payload and every rendered value; a value already canonical comes back as the same object.
 */
export const canonicalPayload = (value: unknown): Either.Either<Json, string> => {
  if (typeof value === "object" && value !== null && known.has(value)) return Either.right(value as Json)
  // Most values are canonical already: one look without allocating, the full pass only when not.
  if (isCanonical(value, 0)) return Either.right(value as Json)
  const problem: Problem = { path: [] }
  const out = visit(value, 0, problem)
  return problem.message === undefined ? Either.right(out as Json) : Either.left(problem.message)
}

// Payloads decoded by the Schema (immutable from then on): `decide` need not walk a decoded
// command's payload a second time.
const known = new WeakSet<object>()

// A cheap first look: most text holds neither NUL nor surrogates, so the exact test rarely runs.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const suspicious = /[\u0000\uD800-\uDFFF]/

/** The first problem found, and the path of the value being visited (kept as a stack, joined only for a message). */
interface Problem {
  message?: string
  readonly path: Array<string | number>
}

const visit = (node: unknown, depth: number, problem: Problem): unknown => {
  if (problem.message !== undefined) return null
  if (node === null || typeof node === "boolean") return node
  if (typeof node === "number") {
    if (!Number.isFinite(node))
      problem.message = `Expected a finite number at ${where(problem.path)}, but got ${node}`
    return Object.is(node, -0) ? 0 : node
  }
  if (typeof node === "string") {
    const issue = suspicious.test(node) ? stringIssue(node) : undefined
    if (issue !== undefined) problem.message = `Expected ${issue} at ${where(problem.path)}`
    return node
  }
  if (depth >= maxDepth) {
    problem.message = `Expected JSON nested at most ${maxDepth} deep, but ${where(problem.path)} is deeper`
    return null
  }
  if (Array.isArray(node)) {
    let out: Array<unknown> | undefined
    for (let index = 0; index < node.length; index++) {
      const item: unknown = node[index]
      problem.path.push(index)
      const canonical = visit(item, depth + 1, problem)
      problem.path.pop()
      // Object.is: a -0 inside is changed too (to 0), as `!==` would not see.
      if (!Object.is(canonical, item) && out === undefined) out = node.slice(0, index)
      if (out !== undefined) out.push(canonical)
    }
    return out ?? node
  }
  if (typeof node === "object" && Object.getPrototypeOf(node) === Object.prototype) {
    const object = node as Record<string, unknown>
    const keys = Object.keys(object)
    let sorted = true
    for (let i = 1; i < keys.length && sorted; i++) sorted = (keys[i - 1] as string) < (keys[i] as string)
    if (!sorted) keys.sort()
    // Values are collected only once one differs: a canonical object comes back without copies.
    let values: Array<unknown> | undefined = sorted ? undefined : []
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string
      const issue = reservedKeys.has(key)
        ? `an ordinary key, but "${key}" is reserved`
        : suspicious.test(key)
          ? stringIssue(key)
          : undefined
      if (issue !== undefined) problem.message = `Expected ${issue} at ${where(problem.path)}`
      const value = object[key]
      problem.path.push(key)
      const canonical = visit(value, depth + 1, problem)
      problem.path.pop()
      if (!Object.is(canonical, value) && values === undefined)
        values = keys.slice(0, i).map((k) => object[k])
      values?.push(canonical)
    }
    if (values === undefined) return node
    const out: Record<string, unknown> = {}
    keys.forEach((key, index) => (out[key] = values[index]))
    return out
  }
  problem.message = `Expected a JSON value at ${where(problem.path)}, but got ${typeof node}`
  return null
}

/** Exactly when `visit` would return the value itself without a problem. */
const isCanonical = (node: unknown, depth: number): boolean => {
  if (node === null || typeof node === "boolean") return true
  if (typeof node === "number") return Number.isFinite(node) && !Object.is(node, -0)
  if (typeof node === "string") return !suspicious.test(node) || stringIssue(node) === undefined
  if (typeof node !== "object" || depth >= maxDepth) return false
  if (Array.isArray(node)) {
    for (let index = 0; index < node.length; index++) if (!isCanonical(node[index], depth + 1)) return false
    return true
  }
  if (Object.getPrototypeOf(node) !== Object.prototype) return false
  const object = node as Record<string, unknown>
  let previous: string | undefined
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) return false
    if (previous !== undefined && !(previous < key)) return false
    if (reservedKeys.has(key) || (suspicious.test(key) && stringIssue(key) !== undefined)) return false
    if (!isCanonical(object[key], depth + 1)) return false
    previous = key
  }
  return true
}

const stringIssue = (text: string): string | undefined =>
  text.includes("\u0000")
    ? "text without NUL characters (jsonb refuses \\u0000), but found one"
    : loneSurrogate.test(text)
      ? "well-formed Unicode, but found a lone surrogate"
      : undefined

const where = (path: ReadonlyArray<string | number>): string =>
  path.length === 0
    ? "the root"
    : path
        .map((segment, i) =>
          typeof segment === "number" ? `[${segment}]` : i === 0 ? segment : `.${segment}`
        )
        .join("")

const remember = <A extends Json>(json: A): A => {
  if (typeof json === "object" && json !== null) known.add(json)
  return json
}

const declarePayload = <A extends Json>(identifier: string, check: (value: Json) => value is A) =>
  Schema.declare<A, A, []>(
    [],
    {
      decode: () => (input, _, ast) =>
        Either.match(canonicalPayload(input), {
          onLeft: (message) => ParseResult.fail(new ParseResult.Type(ast, input, message)),
          onRight: (json) =>
            check(json)
              ? ParseResult.succeed(remember(json))
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
