import { Either, ParseResult, Schema } from "effect"
import { jsonbProblems } from "../domain/json/jsonbSafety.ts"
import type { PathSegment, Problem } from "../domain/Problem.ts"

/** Collects problems; paths are built only for the problems found, never on the valid path. */
export class Problems {
  readonly list: Array<Problem> = []
  add(path: ReadonlyArray<PathSegment>, message: string): void {
    this.list.push({ path, message })
  }
  get count(): number {
    return this.list.length
  }
}

const validators = new WeakMap<Schema.Schema.Any, (value: unknown) => boolean>()

/**
 * Checks a value against a schema, reporting the schema's own messages. The compiled `Schema.is`
 * answers the common, valid case; only an invalid value is decoded for its messages.
 */
export const checkSchema = <A, I>(
  problems: Problems,
  schema: Schema.Schema<A, I>,
  value: unknown,
  path: () => ReadonlyArray<PathSegment>
): boolean => {
  let is = validators.get(schema)
  if (is === undefined) {
    is = Schema.is(schema)
    validators.set(schema, is)
  }
  if (is(value)) return true
  const result = Schema.decodeUnknownEither(schema)(value)
  if (Either.isRight(result)) return true
  for (const issue of ParseResult.ArrayFormatter.formatErrorSync(result.left))
    problems.add(
      [...path(), ...issue.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment))],
      issue.message
    )
  return false
}

/** Characters that might make a string unsafe for jsonb: NUL and any surrogate half. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what jsonb refuses
const suspicious = /[\u0000\uD800-\uDFFF]/

/**
 * Whether a value surely survives jsonb, without allocating: plain objects and arrays, finite
 * numbers but -0, strings and keys without NUL or surrogates, no reserved keys. `false` only
 * means "look closer" (a well-formed surrogate pair is fine): `jsonbProblems` then decides.
 */
const plainlySafe = (value: unknown, depth: number): boolean => {
  if (value === null || typeof value === "boolean") return true
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0)
  if (typeof value === "string") return !suspicious.test(value)
  if (typeof value !== "object" || depth > 512) return false
  if (Array.isArray(value)) {
    for (const item of value) if (!plainlySafe(item, depth + 1)) return false
    return true
  }
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return false
  for (const key in value) {
    if (key === "__proto__" || key === "constructor" || key === "prototype" || suspicious.test(key))
      return false
    if (!plainlySafe((value as Record<string, unknown>)[key], depth + 1)) return false
  }
  return true
}

/** Reports every reason a payload would not come back unchanged from jsonb, under `path`. */
export const checkPayload = (
  problems: Problems,
  value: unknown,
  path: () => ReadonlyArray<PathSegment>
): void => {
  if (plainlySafe(value, 0)) return
  for (const problem of jsonbProblems(value)) problems.add([...path(), ...problem.path], problem.message)
}
