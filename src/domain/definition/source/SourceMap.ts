import type { PathSegment, Problem } from "../../Problem.ts"

/** A 1-based line and column in a source text. */
export interface SourcePosition {
  readonly line: number
  readonly column: number
}

/** Where the values of a parsed document came from, by path. */
export interface SourceMap {
  /** The position of the value at `path` (its key, for object members), or of its nearest known ancestor. */
  readonly locate: (path: ReadonlyArray<PathSegment>) => SourcePosition | undefined
  /**
   * The position of character `offset` of the string at `path`, when the string is written on
   * one line exactly as it reads (so that offsets in the text and in the value agree).
   */
  readonly locateInString: (path: ReadonlyArray<PathSegment>, offset: number) => SourcePosition | undefined
}

/** A source map that knows nothing: for definitions that did not come from text. */
export const noSourceMap: SourceMap = { locate: () => undefined, locateInString: () => undefined }

/** A key for a path; numbers and strings never collide (`0` versus `"0"`). */
export const pathKey = (path: ReadonlyArray<PathSegment>): string => {
  let key = ""
  for (const segment of path) key += typeof segment === "number" ? `\u0001#${segment}` : `\u0001${segment}`
  return key
}

/** A problem that may also point at a character inside the string at its path (a CEL error). */
export interface SourceProblem extends Problem {
  readonly offset?: number
}

/** Gives each problem the line and column of its path (or of the character at its offset). */
export const locateProblems = (
  problems: ReadonlyArray<SourceProblem>,
  sourceMap: SourceMap
): ReadonlyArray<Problem> =>
  problems.map(({ offset, ...problem }) => {
    if (problem.line !== undefined) return problem
    const position =
      (offset === undefined ? undefined : sourceMap.locateInString(problem.path, offset)) ??
      sourceMap.locate(problem.path)
    return position === undefined ? problem : { ...problem, line: position.line, column: position.column }
  })
