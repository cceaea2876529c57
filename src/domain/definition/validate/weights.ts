import type { Problem } from "../../Problem.ts"
import { stronglyConnected, type IndexedGraph } from "./indexGraph.ts"
import type { Scope } from "./scopes.ts"

/** Sums a little above 1 from floating point (0.1 + 0.2 + 0.7) are not a mistake of the author. */
const tolerance = 1e-9

/**
 * Human-step weights along any path sum to at most 1 (a task is due at its weight times the
 * SLA of the instance's priority). Graphs loop, so the rule is checked on the condensation into
 * strongly connected components: a component weighs the sum of its steps' weights, each step
 * counted once however often a loop passes it, and the heaviest path through the acyclic
 * condensation from `start` must weigh at most 1. This bounds every simple path from above
 * (it is sound, never missing an overweight path) and runs in linear time. A parallel or map
 * step weighs as much as its heaviest branch or item graph, since those run side by side.
 *
 * `graphs` holds the indexed graph of every scope; scopes are visited children first.
 */
export const weightProblems = (
  scopes: ReadonlyArray<Scope>,
  graphs: ReadonlyMap<Scope, IndexedGraph>
): ReadonlyArray<Problem> => {
  const problems: Array<Problem> = []
  const scopeWeight = new Map<Scope, { readonly weight: number; readonly reported: boolean }>()
  for (const scope of [...scopes].reverse()) {
    const graph = graphs.get(scope)!
    const nested = new Map<string, { weight: number; reported: boolean }>()
    for (const { step, scope: child } of scope.children) {
      const inner = scopeWeight.get(child)!
      const before = nested.get(step)
      nested.set(step, {
        weight: Math.max(before?.weight ?? 0, inner.weight),
        reported: (before?.reported ?? false) || inner.reported
      })
    }
    const own = graph.steps.map((step, i) =>
      step.type === "human" ? (step.weight ?? 0) : (nested.get(graph.names[i]!)?.weight ?? 0)
    )
    const { components, component } = stronglyConnected(graph.flow)
    // Components come successors first, so each best path is known before its predecessors need it.
    const best = new Array<number>(components.length).fill(0)
    const bestNext = new Array<number>(components.length).fill(-1)
    components.forEach((members, c) => {
      let next = -1
      let nextWeight = 0
      for (const i of members)
        for (const target of graph.flow[i]!) {
          const d = component[target]!
          if (d !== c && best[d]! > nextWeight) {
            nextWeight = best[d]!
            next = d
          }
        }
      best[c] = members.reduce((sum, i) => sum + own[i]!, 0) + nextWeight
      bestNext[c] = next
    })
    const start = graph.index.get(scope.graph.start)
    const total = start === undefined ? 0 : best[component[start]!]!
    const path: Array<number> = []
    for (let c = start === undefined ? -1 : component[start]!; c !== -1; c = bestNext[c]!)
      path.push(...[...components[c]!].sort((a, b) => a - b).filter((i) => own[i]! > 0))
    const reportedInside = path.some((i) => nested.get(graph.names[i]!)?.reported ?? false)
    const overweight = total > 1 + tolerance
    if (overweight && !reportedInside) {
      let running = 0
      const crossing = path.find((i) => (running += own[i]!) > 1 + tolerance) ?? path[0]!
      const name = graph.names[crossing]!
      const listed = path.map((i) => `${JSON.stringify(graph.names[i]!)} (${round(own[i]!)})`).join(", ")
      problems.push({
        path: [...scope.path, "steps", name, ...(graph.steps[crossing]!.type === "human" ? ["weight"] : [])],
        message: `Expected the human-step weights along any path to sum to at most 1, but the path through ${listed} sums to ${round(total)}`
      })
    }
    scopeWeight.set(scope, { weight: total, reported: reportedInside || overweight })
  }
  return problems
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6
