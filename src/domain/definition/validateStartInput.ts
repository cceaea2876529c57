import { Either } from "effect"
import type { Json } from "../json/Json.ts"
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
