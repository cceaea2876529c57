import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema"
import { RE2JS } from "re2js"
import type { Json, JsonObject } from "../../json/Json.ts"
import type { PathSegment, Problem } from "../../Problem.ts"
import { valueMessage } from "./valueMessages.ts"
import { innermostErrors } from "./innermost.ts"
import { resolvePointer } from "./pointer.ts"
import { replacePatterns } from "./schemaKeywords.ts"
import { patternFree } from "./re2Patterns.ts"
import { quickCheck, type QuickCheck } from "./quickCheck.ts"

/**
 * A checked JSON Schema ready to validate values. Its patterns run under RE2 (see
 * re2Patterns.ts); a schema without patterns keeps one validator. A schema within the quick
 * check's keywords (quickCheck.ts) also has a predicate that passes valid values without the
 * validator; the validator still decides every other value and words every problem.
 */
export interface CompiledJsonSchema {
  readonly schema: JsonObject
  readonly patterns: ReadonlyMap<string, RE2JS>
  readonly validator: Validator | undefined
  readonly quick: QuickCheck | undefined
}

/** Compiles a schema that passed `jsonSchemaProblems` (patterns that RE2 refuses never match). */
export const compileJsonSchema = (schema: JsonObject): CompiledJsonSchema => {
  const patterns = new Map<string, RE2JS>()
  replacePatterns(schema, (pattern) => {
    if (!patterns.has(pattern))
      try {
        patterns.set(pattern, RE2JS.compile(pattern))
      } catch {
        patterns.set(pattern, RE2JS.compile("[^\\s\\S]"))
      }
    return pattern
  })
  return {
    schema,
    patterns,
    validator: patterns.size === 0 ? new Validator(schema as Schema, "2020-12", false) : undefined,
    quick: quickCheck(schema)
  }
}

/** The most problems reported for one value; the rest add nothing a person reads. */
const maxProblems = 100

/** Every way `value` breaks the schema, with paths under `at` and "Expected …, but …" messages. */
export const jsonSchemaValueProblems = (
  compiled: CompiledJsonSchema,
  value: Json,
  at: ReadonlyArray<PathSegment> = []
): ReadonlyArray<Problem> => {
  if (compiled.quick !== undefined && compiled.quick(value)) return []
  const schema =
    compiled.validator === undefined
      ? (patternFree(compiled.patterns, compiled.schema, value) as JsonObject)
      : compiled.schema
  const result = (compiled.validator ?? new Validator(schema as Schema, "2020-12", false)).validate(value)
  if (result.valid) return []
  return innermostErrors(result.errors)
    .flatMap(([location, errors]) => {
      const { path, node } = resolvePointer(value, location)
      return outermost(errors).map((error) => valueMessage(error, [...at, ...path], node, schema))
    })
    .slice(0, maxProblems)
}

/**
 * The errors at one place that no other error there explains: `anyOf` failing is kept, the
 * reasons of each of its branches (whose keyword locations extend it) are not.
 */
const outermost = (errors: ReadonlyArray<OutputUnit>): ReadonlyArray<OutputUnit> => {
  const locations = new Set(errors.map((error) => error.keywordLocation))
  const seen = new Set<string>()
  return errors.filter((error) => {
    const parts = error.keywordLocation.split("/")
    for (let n = 1; n < parts.length; n++) if (locations.has(parts.slice(0, n).join("/"))) return false
    const key = `${error.keywordLocation}\u0000${error.error}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

const compiledSchemas = new WeakMap<JsonObject, CompiledJsonSchema>()

/**
 * The problems of a value against a schema of a published definition (an input or form schema
 * checked at validation), compiling each schema object once.
 */
export const schemaValueProblems = (
  schema: JsonObject,
  value: Json,
  at: ReadonlyArray<PathSegment> = []
): ReadonlyArray<Problem> => {
  let compiled = compiledSchemas.get(schema)
  if (compiled === undefined) {
    compiled = compileJsonSchema(schema)
    compiledSchemas.set(schema, compiled)
  }
  return jsonSchemaValueProblems(compiled, value, at)
}
