import { Either } from "effect"
import type { Json } from "../../json/Json.ts"
import type { Problem } from "../../Problem.ts"
import { decodeParts } from "../decode/decodeDefinition.ts"
import type { WorkflowDefinition } from "../format/Definition.ts"
import { parseSource, type SourceFormat } from "../source/parseSource.ts"
import { locateProblems, noSourceMap, type SourceMap, type SourceProblem } from "../source/SourceMap.ts"
import { definitionBudgetProblems, stepBudgetProblems } from "./budgets.ts"
import { expressionProblems, misplacedSecretProblems } from "./expressionRules.ts"
import { stepsAfterError } from "./errorPaths.ts"
import { expressionSites } from "./expressionSites.ts"
import { graphProblems } from "./graphRules.ts"
import { indexGraph, type IndexedGraph } from "./indexGraph.ts"
import type { ScheduleChecks } from "./ScheduleChecks.ts"
import { schemaProblems } from "./schemaRules.ts"
import { allScopes, allSteps, scopeTree, type Scope } from "./scopes.ts"
import { stepProblems } from "./stepRules.ts"
import { triggerProblems } from "./triggers.ts"
import { weightProblems } from "./weights.ts"

/** What validation needs from outside the pure domain. */
export interface ValidationEnvironment {
  readonly schedules: ScheduleChecks
}

/**
 * Every semantic problem of a decoded definition, at once, each with its path: the graph rules
 * of each scope, human-step weights, step and wait rules, budgets, SLA order, expressions and
 * templates, secrets outside action inputs, input and form schemas, and triggers.
 */
export const definitionProblems = (
  definition: WorkflowDefinition,
  environment: ValidationEnvironment
): ReadonlyArray<SourceProblem> => {
  const root = scopeTree(definition)
  const scopes = allScopes(root)
  const steps = allSteps(scopes)
  const graphs = new Map<Scope, IndexedGraph>(scopes.map((scope) => [scope, indexGraph(scope.graph)]))
  const afterError = new Map(
    scopes.map((scope) => [
      scope,
      stepsAfterError(graphs.get(scope)!, scope === root ? definition.onError : undefined)
    ])
  )
  return [
    ...scopes.flatMap((scope) =>
      graphProblems(scope, graphs.get(scope)!, scope === root ? definition.onError : undefined)
    ),
    ...weightProblems(scopes, graphs),
    ...steps.flatMap(({ step, path, scope }) => [
      ...stepProblems(step, path),
      ...stepBudgetProblems(definition, step, path, scope)
    ]),
    ...definitionBudgetProblems(definition),
    ...expressionProblems(
      expressionSites(definition, steps, (scope, step) => afterError.get(scope)!.has(step))
    ),
    ...misplacedSecretProblems(definition as unknown as Json, steps),
    ...schemaProblems(definition, steps),
    ...triggerProblems(definition, environment.schedules)
  ]
}

/**
 * Decodes and validates definition data (parsed JSON): the definition, or every problem. Only
 * a definition whose structure decodes is checked further; members with reserved keys are
 * reported and left out, so the rest is still checked.
 */
export const validateDefinition = (
  value: unknown,
  environment: ValidationEnvironment,
  sourceMap: SourceMap = noSourceMap
): Either.Either<WorkflowDefinition, ReadonlyArray<Problem>> => {
  const { unsafe, decoded } = decodeParts(value)
  const problems =
    decoded === undefined
      ? unsafe
      : Either.isLeft(decoded)
        ? [...unsafe, ...decoded.left]
        : [...unsafe, ...definitionProblems(decoded.right, environment)]
  return problems.length === 0 && decoded !== undefined && Either.isRight(decoded)
    ? Either.right(decoded.right)
    : Either.left(locateProblems(problems, sourceMap))
}

/** Parses, decodes and validates a definition text: every problem with its line and column, in text order. */
export const validateSource = (
  text: string,
  format: SourceFormat,
  environment: ValidationEnvironment
): Either.Either<WorkflowDefinition, ReadonlyArray<Problem>> =>
  Either.mapLeft(
    Either.flatMap(parseSource(text, format), ({ value, sourceMap }) =>
      validateDefinition(value, environment, sourceMap)
    ),
    inTextOrder
  )

/** Problems sorted by position (stable: problems at one place keep their order); unplaced ones last. */
const inTextOrder = (problems: ReadonlyArray<Problem>): ReadonlyArray<Problem> =>
  [...problems].sort(
    (a, b) =>
      (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
      (a.column ?? 0) - (b.column ?? 0)
  )
