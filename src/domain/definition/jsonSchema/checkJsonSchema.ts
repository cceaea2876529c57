import { RE2JS } from "re2js"
import { isJsonObject, type Json, type JsonObject } from "../../json/Json.ts"
import { reservedKeys } from "../../json/jsonbSafety.ts"
import type { PathSegment, Problem } from "../../Problem.ts"
import { jsonSchemaDialect, metaSchema } from "./metaSchema.ts"
import { metaSchemaProblems } from "./metaProblems.ts"
import { pointerSegment } from "./pointer.ts"
import { subschemas } from "./schemaKeywords.ts"

const known = new Set(Object.keys(metaSchema.properties as JsonObject))
/** Keywords @cfworker/json-schema does not evaluate under 2020-12: refused rather than ignored. */
const unsupported = new Set(["$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor"])

/** Why a pattern cannot run under RE2 (linear time), or undefined when it can. */
export const re2Problem = (pattern: string): string | undefined => {
  try {
    RE2JS.compile(pattern)
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/**
 * Every problem of a JSON Schema used for a start input or a form: the 2020-12 meta-schema;
 * keywords Foldflow does not know (unless named `x-…`, for annotations); patterns RE2 cannot run
 * (backreferences, lookaround); `$ref`s that do not resolve inside the schema; `$id` and
 * `$schema` other than at the root (and `$schema` naming another dialect); reserved names
 * (`__proto__`, `constructor`, `prototype`) among required fields.
 */
export const jsonSchemaProblems = (schema: Json, at: ReadonlyArray<PathSegment>): ReadonlyArray<Problem> => {
  const meta = metaSchemaProblems(schema, at)
  if (meta.length > 0) return meta
  const problems: Array<Problem> = []
  const report = (path: ReadonlyArray<PathSegment>, message: string) =>
    problems.push({ path: [...at, ...path], message })
  const anchors = new Set<string>()
  const refs: Array<{ ref: string; path: ReadonlyArray<PathSegment> }> = []
  const stack: Array<{ node: Json; path: ReadonlyArray<PathSegment> }> = [{ node: schema, path: [] }]
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, path } = item
    if (!isJsonObject(node)) continue
    for (const [keyword, value] of Object.entries(node)) {
      const here = [...path, keyword]
      if (unsupported.has(keyword))
        report(here, `Expected no ${keyword} (Foldflow does not evaluate it), but found one`)
      else if (!known.has(keyword) && !keyword.startsWith("x-"))
        report(
          here,
          `Expected a JSON Schema 2020-12 keyword (or an annotation named x-…), but found ${JSON.stringify(keyword)}`
        )
      if ((keyword === "$id" || keyword === "$schema") && path.length > 0)
        report(here, `Expected ${keyword} only at the root of the schema, but found it inside`)
      if (keyword === "$schema" && value !== jsonSchemaDialect && value !== `${jsonSchemaDialect}#`)
        report(
          here,
          `Expected $schema to be ${jsonSchemaDialect} (or absent), but got ${JSON.stringify(value)}`
        )
      if (keyword === "$anchor" && typeof value === "string") anchors.add(value)
      if (keyword === "$ref" && typeof value === "string") refs.push({ ref: value, path: here })
      if (keyword === "pattern" && typeof value === "string") {
        const why = re2Problem(value)
        if (why !== undefined)
          report(here, `Expected a regular expression RE2 can run in linear time, but ${why}`)
      }
      if (keyword === "required" && Array.isArray(value))
        value.forEach((name, index) => {
          if (typeof name === "string" && reservedKeys.has(name))
            report([...here, index], `Expected an ordinary field name, but "${name}" is reserved`)
        })
      if (keyword === "patternProperties" && isJsonObject(value))
        for (const name of Object.keys(value)) {
          const why = re2Problem(name)
          if (why !== undefined)
            report([...here, name], `Expected a regular expression RE2 can run in linear time, but ${why}`)
        }
    }
    for (const inner of subschemas(node)) stack.push({ node: inner.node, path: [...path, ...inner.path] })
  }
  for (const { ref, path } of refs)
    if (!resolves(schema, ref, anchors))
      report(
        path,
        `Expected $ref to point into this schema (#/$defs/… or #anchor), but ${JSON.stringify(ref)} does not`
      )
  return problems
}

/** Whether a `$ref` names this schema, a JSON pointer inside it, or one of its anchors. */
const resolves = (schema: Json, ref: string, anchors: ReadonlySet<string>): boolean => {
  if (ref === "#") return true
  if (!ref.startsWith("#")) return false
  if (!ref.startsWith("#/")) return anchors.has(ref.slice(1))
  let node: Json | undefined = schema
  for (const raw of ref.slice(2).split("/")) {
    const key = pointerSegment(raw)
    if (Array.isArray(node)) node = (node as ReadonlyArray<Json>)[Number(key)]
    else if (isJsonObject(node) && Object.hasOwn(node, key)) node = node[key]
    else return false
  }
  return node !== undefined
}
