import { Either, Schema } from "effect"
import { jsonbProblems, reservedKeys } from "../../json/jsonbSafety.ts"
import type { Problem } from "../../Problem.ts"
import { WorkflowDefinition } from "../format/Definition.ts"
import { issueProblems } from "./issueProblems.ts"

const decode = Schema.decodeUnknownEither(WorkflowDefinition, { errors: "all", onExcessProperty: "error" })

/** How deep a definition's JSON may nest: far beyond any real one, well inside the stack. */
export const maxDefinitionDepth = 128

/**
 * Decodes a definition from JSON data, reporting every structural problem at once: values
 * jsonb would not keep, reserved keys (`__proto__`, `constructor`, `prototype`) anywhere, unknown
 * fields, wrong types and bad names, each with its path.
 */
export const decodeDefinition = (
  value: unknown
): Either.Either<WorkflowDefinition, ReadonlyArray<Problem>> => {
  const unsafe = jsonbProblems(value, maxDefinitionDepth)
  // A reserved key could reach a prototype while decoding, and deep nesting the stack: stop before.
  const blocking = unsafe.some(
    (problem) => problem.message.includes("nested at most") || reservedKeys.has(String(problem.path.at(-1)))
  )
  if (blocking) return Either.left(unsafe)
  const decoded = decode(value)
  if (Either.isRight(decoded)) return unsafe.length === 0 ? Either.right(decoded.right) : Either.left(unsafe)
  return Either.left([...unsafe, ...issueProblems(decoded.left.issue)])
}
