/**
 * A problem found in an input, with the path to the value it concerns. Every validation in
 * Foldflow reports all its problems at once, each with its path; the edge renders them as
 * the `problems` member of an RFC 9457 problem document.
 */
export type PathSegment = string | number

export interface Problem {
  readonly path: ReadonlyArray<PathSegment>
  readonly message: string
  /** 1-based position in the source text, where the parser knows it (YAML, JSON). */
  readonly line?: number
  readonly column?: number
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$-]*$/

/** Renders a path as `steps.charge.catch[0].next`; keys that are not identifiers are quoted. */
export const formatPath = (path: ReadonlyArray<PathSegment>): string => {
  if (path.length === 0) return "(root)"
  let out = ""
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`
    else if (identifier.test(segment)) out += out === "" ? segment : `.${segment}`
    else out += `[${JSON.stringify(segment)}]`
  }
  return out
}

/** One line per problem: `path: message (line L, column C)`. */
export const formatProblem = (problem: Problem): string => {
  const where =
    problem.line === undefined
      ? ""
      : ` (line ${problem.line}${problem.column === undefined ? "" : `, column ${problem.column}`})`
  return `${formatPath(problem.path)}: ${problem.message}${where}`
}

export const problem = (path: ReadonlyArray<PathSegment>, message: string): Problem => ({ path, message })
