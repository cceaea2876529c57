import { Either } from "effect"
import type { Json, JsonObject } from "../json/Json.ts"
import { jsonbProblems } from "../json/jsonbSafety.ts"
import type { Problem } from "../Problem.ts"
import { schemaValueProblems } from "./jsonSchema/validateJson.ts"
import type { PublishedDefinition } from "./PublishedDefinition.ts"

/** How deep a start input may nest: deeper values are refused before any schema walks them. */
export const maxInputDepth = 64

/**
 * Checks a start input against the published version's input schema: the input as JSON, or
 * every problem with its path under `input` ("Expected …, but …"). Values jsonb would not keep
 * (-0, NUL, lone surrogates, reserved keys) and inputs nested deeper than 64 are refused first.
 */
export const validateStartInput = (
  published: PublishedDefinition,
  input: unknown
): Either.Either<Json, ReadonlyArray<Problem>> => {
  const unsafe = jsonbProblems(input, maxInputDepth).map((problem) => ({
    ...problem,
    path: ["input", ...problem.path]
  }))
  if (unsafe.length > 0) return Either.left(unsafe)
  const problems = schemaValueProblems(published.definition.input, input as Json, ["input"])
  return problems.length === 0 ? Either.right(input as Json) : Either.left(problems)
}

/**
 * Whether a canonical input (no -0, NUL, lone surrogate, reserved key or non-JSON value: as
 * `decide` holds every payload) passes validateStartInput — answered without building problems.
 * Of validateStartInput's checks only the depth and the schema can fail on such an input; when
 * either does, validateStartInput runs after all and words the problems.
 */
export const fitsStartInput = (published: PublishedDefinition, input: Json): boolean =>
  nestedWithin(input, maxInputDepth, 0) &&
  schemaValueProblems(published.definition.input, input, ["input"]).length === 0

/** No value in `value` lies deeper than `max` (the root is at depth 0), as jsonbProblems counts. */
const nestedWithin = (value: Json, max: number, depth: number): boolean => {
  if (depth > max) return false
  if (value === null || typeof value !== "object") return true
  if (Array.isArray(value)) {
    for (const item of value as ReadonlyArray<Json>) if (!nestedWithin(item, max, depth + 1)) return false
    return true
  }
  for (const key in value) if (!nestedWithin((value as JsonObject)[key] as Json, max, depth + 1)) return false
  return true
}
