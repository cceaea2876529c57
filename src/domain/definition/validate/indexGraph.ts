import type { Graph, Step } from "../format/Step.ts"
import { edgesOf, type Edge } from "./edges.ts"

/**
 * A scope's steps numbered in declaration order with their edges resolved to numbers, so every
 * graph rule runs in time linear in steps plus edges. `flow` excludes `compensate` edges (they
 * do not carry control onward); edges to unknown steps are left out (reported separately).
 */
export interface IndexedGraph {
  readonly names: ReadonlyArray<string>
  readonly steps: ReadonlyArray<Step>
  readonly index: ReadonlyMap<string, number>
  readonly edges: ReadonlyArray<ReadonlyArray<Edge>>
  readonly flow: ReadonlyArray<ReadonlyArray<number>>
  readonly compensations: ReadonlyArray<ReadonlyArray<number>>
}

export const indexGraph = (graph: Graph): IndexedGraph => {
  const names = Object.keys(graph.steps)
  const steps = names.map((name) => graph.steps[name]!)
  const index = new Map(names.map((name, i) => [name, i]))
  const edges = steps.map(edgesOf)
  const resolve = (list: ReadonlyArray<Edge>, compensate: boolean) =>
    list.flatMap((edge) => {
      const target = index.get(edge.target)
      return target === undefined || (edge.kind === "compensate") !== compensate ? [] : [target]
    })
  return {
    names,
    steps,
    index,
    edges,
    flow: edges.map((list) => resolve(list, false)),
    compensations: edges.map((list) => resolve(list, true))
  }
}

/**
 * Strongly connected components over `flow` edges (Tarjan's algorithm, iterative). Components
 * come out in reverse topological order: every edge leaving a component points to one listed
 * earlier. `component[i]` is the position of step i's component in that list.
 */
export const stronglyConnected = (
  flow: ReadonlyArray<ReadonlyArray<number>>
): {
  readonly components: ReadonlyArray<ReadonlyArray<number>>
  readonly component: ReadonlyArray<number>
} => {
  const n = flow.length
  const order = new Array<number>(n).fill(-1)
  const low = new Array<number>(n).fill(0)
  const onStack = new Array<boolean>(n).fill(false)
  const component = new Array<number>(n).fill(-1)
  const components: Array<Array<number>> = []
  const stack: Array<number> = []
  let counter = 0
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue
    // Each frame is a step and the position of the next edge to explore from it.
    const frames: Array<[number, number]> = [[root, 0]]
    order[root] = low[root] = counter++
    stack.push(root)
    onStack[root] = true
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!
      const [v, edge] = frame
      const targets = flow[v]!
      if (edge < targets.length) {
        frame[1]++
        const w = targets[edge]!
        if (order[w] === -1) {
          order[w] = low[w] = counter++
          stack.push(w)
          onStack[w] = true
          frames.push([w, 0])
        } else if (onStack[w]) low[v] = Math.min(low[v]!, order[w]!)
        continue
      }
      frames.pop()
      const parent = frames[frames.length - 1]
      if (parent !== undefined) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!)
      if (low[v] === order[v]) {
        const members: Array<number> = []
        let w: number
        do {
          w = stack.pop()!
          onStack[w] = false
          component[w] = components.length
          members.push(w)
        } while (w !== v)
        components.push(members.reverse())
      }
    }
  }
  return { components, component }
}
