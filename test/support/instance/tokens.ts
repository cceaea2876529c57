import { nestedGraph } from "../../../src/domain/instance/tokens.ts"

/** The graph key a token's step belongs to (a compensation's, the graph of the step it undoes). */
export const graphOfToken = (token: string): string => {
  const comp = token.indexOf("/comp/")
  const path = comp < 0 ? token : token.slice(0, comp)
  const segments = path.split("/")
  let graph = ""
  for (let i = 1; i < segments.length; i += 2) {
    const owner = segments[i - 1] as string
    const part = segments[i] as string
    graph = nestedGraph(graph, owner.slice(0, owner.lastIndexOf("#")), part.startsWith("b") ? part : "do")
  }
  return graph
}
