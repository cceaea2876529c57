import { Either, Schema } from "effect"
import { jsonbProblems, reservedKeys } from "../../json/jsonbSafety.ts"
import type { Problem } from "../../Problem.ts"
import { WorkflowDefinition } from "../format/Definition.ts"
import { issueProblems } from "./issueProblems.ts"

const decode = Schema.decodeUnknownEither(WorkflowDefinition, { errors: "all", onExcessProperty: "error" })

/** How deep a definition's JSON may nest: far beyond any real one, well inside the stack. */
export const maxDefinitionDepth = 128

/** A copy without members named by reserved keys, which could reach a prototype while decoding. */
const withoutReservedKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutReservedKeys)
  if (value === null || typeof value !== "object") return value
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value))
    if (!reservedKeys.has(key)) out[key] = withoutReservedKeys(inner)
  return out
}

/**
 * The two kinds of structural problems of definition data, apart: what jsonb would not keep
 * (reserved keys anywhere, -0, NUL, lone surrogates, too deep), and the decoding of the rest —
 * members with reserved keys are left out of it, so everything else is still checked. With
 * nesting too deep there is no decoding at all.
 */
export const decodeParts = (
  value: unknown
): {
  readonly unsafe: ReadonlyArray<Problem>
  readonly decoded: Either.Either<WorkflowDefinition, ReadonlyArray<Problem>> | undefined
} => {
  const unsafe = jsonbProblems(value, maxDefinitionDepth)
  // Deep nesting would exhaust the stack while decoding: stop before.
  if (unsafe.some((problem) => problem.message.includes("nested at most")))
    return { unsafe, decoded: undefined }
  return {
    unsafe,
    decoded: Either.mapLeft(
      decode(
        unsafe.some((problem) => reservedKeys.has(String(problem.path.at(-1))))
          ? withoutReservedKeys(value)
          : value
      ),
      (error) => issueProblems(error.issue)
    )
  }
}

/** Decodes a definition from JSON data: the definition, or every structural problem at once, with its path. */
export const decodeDefinition = (
  value: unknown
): Either.Either<WorkflowDefinition, ReadonlyArray<Problem>> => {
  const { unsafe, decoded } = decodeParts(value)
  if (decoded === undefined || Either.isLeft(decoded))
    return Either.left([...unsafe, ...(decoded === undefined ? [] : decoded.left)])
  return unsafe.length === 0 ? Either.right(decoded.right) : Either.left(unsafe)
}
