import { Either } from "effect"
import { compileExpression } from "../../expressions/compile.ts"
import { compileTemplate, secretReferences, templateVariables } from "../../expressions/template.ts"
import { pathKey, type SourceProblem } from "../source/SourceMap.ts"
import type { Json } from "../../json/Json.ts"
import type { PathSegment } from "../../Problem.ts"
import { oneOf } from "../decode/describe.ts"
import type { ExpressionSite } from "./expressionSites.ts"
import type { PlacedStep } from "./scopes.ts"

const unbound = (read: ReadonlySet<string>, bound: ReadonlySet<string>): ReadonlyArray<string> =>
  [...read].filter((name) => !bound.has(name)).sort()

const unboundMessage = (names: ReadonlyArray<string>, bound: ReadonlySet<string>): string =>
  names.includes("secrets")
    ? "Expected secrets only as ${secrets.NAME} in an action's with, but this expression reads secrets"
    : `Expected only the variables ${oneOf([...bound].sort())} here, but the expression reads ${oneOf(names)}`

/** What compiling one source gave: the variables it reads, or its problems (paths relative to it). */
type Compiled =
  | { readonly ok: true; readonly variables: ReadonlySet<string> }
  | { readonly ok: false; readonly problems: ReadonlyArray<SourceProblem> }

const compileCel = (source: string): Compiled =>
  Either.match(compileExpression(source), {
    onLeft: (error) => ({
      ok: false,
      problems: [
        { path: [], message: error.message, ...(error.offset === undefined ? {} : { offset: error.offset }) }
      ]
    }),
    onRight: (compiled) => ({ ok: true, variables: compiled.variables })
  })

const compileJsonTemplate = (value: Json): Compiled =>
  Either.match(compileTemplate(value), {
    onLeft: (problems) => ({ ok: false, problems }),
    onRight: (compiled) => ({ ok: true, variables: templateVariables(compiled) })
  })

/**
 * Compiles every expression and template (each problem with its path, and for CEL errors the
 * character they point at) and checks each reads only variables bound where it runs. Equal
 * sources are compiled once: definitions repeat `${input.orderId}` and its kind many times.
 */
export const expressionProblems = (sites: ReadonlyArray<ExpressionSite>): ReadonlyArray<SourceProblem> => {
  const seen = new Map<string, Compiled>()
  return sites.flatMap((site): ReadonlyArray<SourceProblem> => {
    const key = site.kind === "cel" ? `c${site.source}` : `t${JSON.stringify(site.value)}`
    let compiled = seen.get(key)
    if (compiled === undefined) {
      compiled = site.kind === "cel" ? compileCel(site.source) : compileJsonTemplate(site.value)
      seen.set(key, compiled)
    }
    if (!compiled.ok)
      return compiled.problems.map((problem) => ({ ...problem, path: [...site.path, ...problem.path] }))
    const names = unbound(compiled.variables, site.variables)
    if (names.length === 0) return []
    if (site.kind === "cel") return [{ path: site.path, message: unboundMessage(names, site.variables) }]
    // Rare: point at each string of the template that reads an unbound variable.
    return stringLeaves(site.value, site.path).flatMap(([path, text]) => {
      const leaf = compileJsonTemplate(text)
      const leafNames = leaf.ok ? unbound(leaf.variables, site.variables) : []
      return leafNames.length === 0 ? [] : [{ path, message: unboundMessage(leafNames, site.variables) }]
    })
  })
}

const stringLeaves = (
  value: Json,
  path: ReadonlyArray<PathSegment>
): ReadonlyArray<readonly [ReadonlyArray<PathSegment>, string]> => {
  if (typeof value === "string") return [[path, value]]
  if (value === null || typeof value !== "object") return []
  if (Array.isArray(value)) return value.flatMap((item: Json, index) => stringLeaves(item, [...path, index]))
  return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, [...path, key]))
}

/**
 * `${secrets.NAME}` anywhere but inside an action's `with` (in any scope): credentials never sit
 * in a definition's other fields, its context, or a rendered output.
 */
export const misplacedSecretProblems = (
  encoded: Json,
  steps: ReadonlyArray<PlacedStep>
): ReadonlyArray<SourceProblem> => {
  const actionPaths = new Set(
    steps.filter(({ step }) => step.type === "action").map(({ path }) => pathKey(path))
  )
  const insideWith = (path: ReadonlyArray<PathSegment>) =>
    path.some((segment, index) => segment === "with" && actionPaths.has(pathKey(path.slice(0, index))))
  return secretReferences(encoded)
    .filter((reference) => !insideWith(reference.path))
    .map((reference) => ({
      path: reference.path,
      message: `Expected \${secrets.${reference.name}} only inside an action's with, but it is used here`
    }))
}
