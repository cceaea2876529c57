import type { PathSegment } from "../../Problem.ts"
import type { WorkflowDefinition } from "../format/Definition.ts"
import type { Graph, Step } from "../format/Step.ts"

/**
 * A graph scope: the workflow's top graph, a parallel branch, or a map's `do`. Step names are
 * unique within a scope and every target names a step of the same scope.
 */
export interface Scope {
  readonly kind: "workflow" | "branch" | "map"
  /** Path of the graph object (the one holding `start` and `steps`) in the definition. */
  readonly path: ReadonlyArray<PathSegment>
  readonly graph: Graph
  /** How many parallel or map steps enclose it (0 for the top graph). */
  readonly depth: number
  /** Whether a map encloses it, so `item` and `index` are bound. */
  readonly inMap: boolean
  /** The scopes nested in this scope's steps, by the name of the step holding them. */
  readonly children: ReadonlyArray<{ readonly step: string; readonly scope: Scope }>
}

/** The scope tree of a definition, built without recursion so any nesting is safe. */
export const scopeTree = (definition: WorkflowDefinition): Scope => {
  type Mutable = Omit<Scope, "children"> & { children: Array<{ step: string; scope: Scope }> }
  const root: Mutable = {
    kind: "workflow",
    path: [],
    graph: definition,
    depth: 0,
    inMap: false,
    children: []
  }
  const stack: Array<Mutable> = [root]
  for (let scope = stack.pop(); scope !== undefined; scope = stack.pop()) {
    for (const [name, step] of Object.entries(scope.graph.steps)) {
      const stepPath = [...scope.path, "steps", name]
      const nested: Array<Mutable> =
        step.type === "parallel"
          ? step.branches.map((branch, index) => ({
              kind: "branch",
              path: [...stepPath, "branches", index],
              graph: branch,
              depth: scope.depth + 1,
              inMap: scope.inMap,
              children: []
            }))
          : step.type === "map"
            ? [
                {
                  kind: "map",
                  path: [...stepPath, "do"],
                  graph: step.do,
                  depth: scope.depth + 1,
                  inMap: true,
                  children: []
                }
              ]
            : []
      for (const child of nested) {
        scope.children.push({ step: name, scope: child })
        stack.push(child)
      }
    }
  }
  return root
}

/** Every scope of the tree, parents before children. */
export const allScopes = (root: Scope): ReadonlyArray<Scope> => {
  const out: Array<Scope> = []
  const stack = [root]
  for (let scope = stack.pop(); scope !== undefined; scope = stack.pop()) {
    out.push(scope)
    for (let i = scope.children.length - 1; i >= 0; i--) stack.push(scope.children[i]!.scope)
  }
  return out
}

/** A step of the definition with its path and scope. */
export interface PlacedStep {
  readonly name: string
  readonly step: Step
  readonly path: ReadonlyArray<PathSegment>
  readonly scope: Scope
}

/** Every step of the definition with its path and scope, scopes in the order given. */
export const allSteps = (scopes: ReadonlyArray<Scope>): ReadonlyArray<PlacedStep> => {
  const out: Array<PlacedStep> = []
  for (const scope of scopes)
    for (const name in scope.graph.steps)
      out.push({ name, step: scope.graph.steps[name]!, path: [...scope.path, "steps", name], scope })
  return out
}
