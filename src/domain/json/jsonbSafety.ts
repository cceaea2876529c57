import type { PathSegment, Problem } from "../Problem.ts"

/** Keys refused everywhere a user names a key or a path: they reach JavaScript prototypes. */
export const reservedKeys: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"])

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Why a value would not come back unchanged from a jsonb column (or is not JSON at all):
 * -0, non-finite numbers, NUL characters, lone surrogates, reserved keys, non-plain objects.
 * An empty list means the value survives a jsonb round trip and hashes the same afterwards.
 */
export const jsonbProblems = (value: unknown, maxDepth = 512): ReadonlyArray<Problem> => {
  const walk: Walk = { problems: [], path: [], maxDepth }
  visit(walk, value, 0)
  return walk.problems
}

/** A walk in progress: the path of the node being visited is a stack, copied only into a problem. */
interface Walk {
  readonly problems: Array<Problem>
  readonly path: Array<PathSegment>
  readonly maxDepth: number
}

const report = (walk: Walk, message: string): void => {
  walk.problems.push({ path: walk.path.slice(), message })
}

const visit = (walk: Walk, node: unknown, depth: number): void => {
  if (depth > walk.maxDepth)
    return report(walk, `Expected JSON nested at most ${walk.maxDepth} deep, but it is deeper`)
  if (node === null || typeof node === "boolean") return
  if (typeof node === "number") {
    if (!Number.isFinite(node)) report(walk, `Expected a finite number, but got ${node}`)
    else if (Object.is(node, -0)) report(walk, "Expected a number jsonb keeps, but got -0")
    return
  }
  if (typeof node === "string") {
    const issue = stringIssue(node)
    if (issue !== undefined) report(walk, issue)
    return
  }
  if (Array.isArray(node)) {
    for (let index = 0; index < node.length; index++) {
      if (!(index in node)) continue // as forEach: holes are not elements
      walk.path.push(index)
      visit(walk, node[index], depth + 1)
      walk.path.pop()
    }
    return
  }
  if (typeof node === "object" && isPlainObject(node)) {
    for (const key of Object.keys(node)) {
      walk.path.push(key)
      const keyIssue = reservedKeys.has(key)
        ? `Expected an ordinary key, but "${key}" is reserved`
        : stringIssue(key)
      if (keyIssue !== undefined) report(walk, keyIssue)
      visit(walk, (node as Record<string, unknown>)[key], depth + 1)
      walk.path.pop()
    }
    return
  }
  report(walk, `Expected a JSON value, but got ${describe(node)}`)
}

// A cheap first look: most text holds neither NUL nor surrogates, so the exact tests rarely run.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const suspicious = /[\u0000\uD800-\uDFFF]/

const stringIssue = (text: string): string | undefined => {
  if (!suspicious.test(text)) return undefined
  if (text.includes("\u0000"))
    return "Expected text without NUL characters (jsonb refuses \\u0000), but found one"
  if (loneSurrogate.test(text)) return "Expected well-formed Unicode, but found a lone surrogate"
  return undefined
}

const isPlainObject = (node: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(node)
  return proto === Object.prototype || proto === null
}

const describe = (node: unknown): string =>
  node === undefined
    ? "undefined"
    : typeof node === "object"
      ? ((node as object).constructor?.name ?? "an object")
      : typeof node
