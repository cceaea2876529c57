import type { IndexedGraph } from "./indexGraph.ts"

/**
 * The steps of a scope a path can reach after an error was caught: the targets of `catch`
 * edges (and, in the top graph, the `onError` step) and every step after them. On those paths
 * the caught error is bound as `error`, so their expressions may read it.
 */
export const stepsAfterError = (graph: IndexedGraph, onError?: string): ReadonlySet<string> => {
  const seen = new Array<boolean>(graph.names.length).fill(false)
  const stack: Array<number> = []
  const enter = (i: number | undefined) => {
    if (i !== undefined && !seen[i]) {
      seen[i] = true
      stack.push(i)
    }
  }
  graph.edges.forEach((edges) =>
    edges.forEach((edge) => edge.kind === "catch" && enter(graph.index.get(edge.target)))
  )
  if (onError !== undefined) enter(graph.index.get(onError))
  while (stack.length > 0) for (const target of graph.flow[stack.pop()!]!) enter(target)
  return new Set(graph.names.filter((_, i) => seen[i]))
}
