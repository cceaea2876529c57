import type { PathSegment, Problem } from "../../Problem.ts"
import { canEnd, waitsOutside } from "./edges.ts"
import { stronglyConnected, type IndexedGraph } from "./indexGraph.ts"
import type { Scope } from "./scopes.ts"

const quote = (name: string) => JSON.stringify(name)

/**
 * The graph rules of one scope, each linear in steps plus edges: `start` and every target name a
 * step of the scope; every step is reachable; an end is reachable from every step; no step but
 * a wait or human step transitions to itself; no loop is made of choice steps alone (it would
 * spin within one decision); compensations are action steps.
 */
export const graphProblems = (
  scope: Scope,
  graph: IndexedGraph,
  onError?: string
): ReadonlyArray<Problem> => {
  const problems: Array<Problem> = []
  const stepPath = (i: number): ReadonlyArray<PathSegment> => [...scope.path, "steps", graph.names[i]!]
  const known = graph.names.length <= 8 ? ` (${graph.names.join(", ")})` : ""
  const start = graph.index.get(scope.graph.start)
  if (start === undefined)
    problems.push({
      path: [...scope.path, "start"],
      message: `Expected start to name a step of this graph${known}, but there is no step ${quote(scope.graph.start)}`
    })
  const onErrorIndex = onError === undefined ? undefined : graph.index.get(onError)
  if (onError !== undefined && onErrorIndex === undefined)
    problems.push({
      path: ["onError"],
      message: `Expected onError to name a step of the top graph, but there is no step ${quote(onError)}`
    })

  graph.edges.forEach((edges, i) => {
    const step = graph.steps[i]!
    for (const edge of edges) {
      const where = [...stepPath(i), ...edge.path]
      const target = graph.index.get(edge.target)
      if (target === undefined)
        problems.push({
          path: where,
          message: `Expected ${edge.kind === "outcome" ? "an outcome" : edge.kind} to name a step of this graph${known}, but there is no step ${quote(edge.target)}`
        })
      else if (target === i && edge.kind !== "compensate" && !waitsOutside(step))
        problems.push({
          path: where,
          message: `Expected a step other than ${quote(graph.names[i]!)} itself (only wait and human steps may lead to themselves), but ${edge.kind} names it`
        })
      else if (edge.kind === "compensate" && graph.steps[target]!.type !== "action")
        problems.push({
          path: where,
          message: `Expected compensate to name an action step, but ${quote(edge.target)} is a ${graph.steps[target]!.type} step`
        })
    }
  })

  // Reachability: flow edges carry on; a compensate edge reaches its target without following it.
  const reached = new Array<boolean>(graph.names.length).fill(false)
  const expanded = new Array<boolean>(graph.names.length).fill(false)
  const queue = [start, onErrorIndex].filter((i): i is number => i !== undefined)
  for (const i of queue) reached[i] = true
  while (queue.length > 0) {
    const i = queue.pop()!
    if (expanded[i]) continue
    expanded[i] = true
    for (const target of graph.compensations[i]!) reached[target] = true
    for (const target of graph.flow[i]!)
      if (!expanded[target]) {
        reached[target] = true
        queue.push(target)
      }
  }
  if (start !== undefined)
    reached.forEach((isReached, i) => {
      if (!isReached)
        problems.push({
          path: stepPath(i),
          message: `Expected every step to be reachable from start, but nothing leads to ${quote(graph.names[i]!)}`
        })
    })

  // Ends: walk flow edges backwards from every step that can end its path.
  const incoming: Array<Array<number>> = graph.names.map(() => [])
  graph.flow.forEach((targets, i) => targets.forEach((target) => incoming[target]!.push(i)))
  const ends = new Array<boolean>(graph.names.length).fill(false)
  const back = graph.steps.flatMap((step, i) => (canEnd(step) ? [i] : []))
  for (const i of back) ends[i] = true
  while (back.length > 0)
    for (const from of incoming[back.pop()!]!)
      if (!ends[from]) {
        ends[from] = true
        back.push(from)
      }
  // Report where a path first enters a trap (steps only compensations reach run as a list and end).
  graph.names.forEach((name, i) => {
    if (ends[i] || !expanded[i]) return
    const entered = i === start || i === onErrorIndex || incoming[i]!.some((from) => ends[from])
    if (entered)
      problems.push({
        path: stepPath(i),
        message: `Expected a way from ${quote(name)} to an end (succeed, fail, or a step without next), but every path from it loops forever`
      })
  })

  // Loops of choice steps alone: once entered they repeat the same conditions on the same data.
  for (const members of stronglyConnected(graph.flow).components) {
    if (members.length < 2 || members.some((i) => graph.steps[i]!.type !== "choice")) continue
    const sorted = [...members].sort((a, b) => a - b)
    problems.push({
      path: stepPath(sorted[0]!),
      message: `Expected every loop to pass a step that acts or waits, but ${sorted.map((i) => quote(graph.names[i]!)).join(", ")} form a loop of choice steps only`
    })
  }
  return problems
}
