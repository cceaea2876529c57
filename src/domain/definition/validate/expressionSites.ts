import type { Json } from "../../json/Json.ts"
import type { PathSegment } from "../../Problem.ts"
import type { WorkflowDefinition } from "../format/Definition.ts"
import type { PlacedStep, Scope } from "./scopes.ts"

/** Where a definition holds CEL: a bare expression, or JSON whose strings may hold `${…}` templates. */
export type ExpressionSite =
  | {
      readonly kind: "cel"
      readonly path: ReadonlyArray<PathSegment>
      readonly source: string
      readonly variables: ReadonlySet<string>
    }
  | {
      readonly kind: "template"
      readonly path: ReadonlyArray<PathSegment>
      readonly value: Json
      readonly variables: ReadonlySet<string>
    }

/** Variables every step's expressions may read. */
const stepVariables = ["input", "context", "now", "instance"]
const variables = (scope: Scope, ...more: ReadonlyArray<string>): ReadonlySet<string> =>
  new Set([...stepVariables, ...(scope.inMap ? ["item", "index"] : []), ...more])
const triggerVariables: ReadonlySet<string> = new Set(["event", "now"])

const scopedName = (scope: Scope, step: string): string => `${JSON.stringify(scope.path)}:${step}`

/** Every expression and template of a definition, with the variables bound where it is evaluated. */
export const expressionSites = (
  definition: WorkflowDefinition,
  steps: ReadonlyArray<PlacedStep>,
  afterError: (scope: Scope, step: string) => boolean
): ReadonlyArray<ExpressionSite> => {
  const sites: Array<ExpressionSite> = []
  const cel = (path: ReadonlyArray<PathSegment>, source: string | undefined, bound: ReadonlySet<string>) => {
    if (source !== undefined) sites.push({ kind: "cel", path, source, variables: bound })
  }
  const template = (
    path: ReadonlyArray<PathSegment>,
    value: Json | undefined,
    bound: ReadonlySet<string>
  ) => {
    if (value !== undefined) sites.push({ kind: "template", path, value, variables: bound })
  }
  // A compensation's `with` reads `result`: the result of the step it undoes.
  const compensations = new Set<string>()
  for (const { step, scope } of steps)
    if (step.type === "action" && step.compensate !== undefined)
      compensations.add(scopedName(scope, step.compensate))
  for (const { name, step, path, scope } of steps) {
    // A path that continues after a caught error has it bound as `error`.
    const bound = variables(
      scope,
      ...(afterError(scope, name) ? ["error"] : []),
      ...(compensations.has(scopedName(scope, name)) ? ["result"] : [])
    )
    if ("catch" in step)
      step.catch?.forEach((c, index) =>
        cel([...path, "catch", index, "when"], c.when, variables(scope, "error"))
      )
    switch (step.type) {
      case "action":
        template([...path, "with"], step.with, bound)
        break
      case "choice":
        step.choices.forEach((choice, index) => cel([...path, "choices", index, "when"], choice.when, bound))
        break
      case "wait":
        cel([...path, "correlate"], step.correlate, bound)
        template([...path, "until"], step.until, bound)
        break
      case "human":
        cel([...path, "assignee"], step.assignee, bound)
        template([...path, "title"], step.title, bound)
        break
      case "map":
        // `items` is evaluated in the scope holding the map, before any item exists.
        cel([...path, "items"], step.items, bound)
        break
      case "subflow":
        template([...path, "input"], step.input, bound)
        break
      case "succeed":
        template([...path, "output"], step.output, bound)
        break
      case "fail":
        template([...path, "error", "message"], step.error.message, bound)
        template([...path, "error", "details"], step.error.details, bound)
        break
      case "parallel":
        break
    }
  }
  definition.triggers?.forEach((trigger, index) => {
    cel(["triggers", index, "when"], "when" in trigger ? trigger.when : undefined, triggerVariables)
    cel(["triggers", index, "input"], trigger.input, triggerVariables)
  })
  return sites
}
