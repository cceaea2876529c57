import { Either } from "effect"
import { compileExpression } from "../../expressions/compile.ts"
import { compileTemplate, secretReferences, templateVariables } from "../../expressions/template.ts"
import { pathKey, type SourceProblem } from "../source/SourceMap.ts"
import type { Json } from "../../json/Json.ts"
import type { PathSegment } from "../../Problem.ts"
import { oneOf } from "../decode/describe.ts"
import type { ExpressionSite } from "./expressionSites.ts"
import { allSteps, type Scope } from "./scopes.ts"

const unbound = (read: ReadonlySet<string>, bound: ReadonlySet<string>): ReadonlyArray<string> =>
  [...read].filter((name) => !bound.has(name)).sort()

const unboundMessage = (names: ReadonlyArray<string>, bound: ReadonlySet<string>): string =>
  names.includes("secrets")
    ? "Expected secrets only as ${secrets.NAME} in an action's with, but this expression reads secrets"
    : `Expected only the variables ${oneOf([...bound].sort())} here, but the expression reads ${oneOf(names)}`

/**
 * Compiles every expression and template (each problem with its path, and for CEL errors the
 * character they point at) and checks each reads only variables bound where it runs.
 */
export const expressionProblems = (sites: ReadonlyArray<ExpressionSite>): ReadonlyArray<SourceProblem> =>
  sites.flatMap((site): ReadonlyArray<SourceProblem> => {
    if (site.kind === "cel") {
      const compiled = compileExpression(site.source)
      if (Either.isLeft(compiled))
        return [
          {
            path: site.path,
            message: compiled.left.message,
            ...(compiled.left.offset === undefined ? {} : { offset: compiled.left.offset })
          }
        ]
      const names = unbound(compiled.right.variables, site.variables)
      return names.length === 0 ? [] : [{ path: site.path, message: unboundMessage(names, site.variables) }]
    }
    const compiled = compileTemplate(site.value)
    if (Either.isLeft(compiled))
      return compiled.left.map((problem) => ({ ...problem, path: [...site.path, ...problem.path] }))
    const names = unbound(templateVariables(compiled.right), site.variables)
    return names.length === 0 ? [] : [{ path: site.path, message: unboundMessage(names, site.variables) }]
  })

/**
 * `${secrets.NAME}` anywhere but inside an action's `with` (in any scope): credentials never sit
 * in a definition's other fields, its context, or a rendered output.
 */
export const misplacedSecretProblems = (encoded: Json, root: Scope): ReadonlyArray<SourceProblem> => {
  const actionPaths = new Set(
    allSteps(root)
      .filter(({ step }) => step.type === "action")
      .map(({ path }) => pathKey(path))
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
