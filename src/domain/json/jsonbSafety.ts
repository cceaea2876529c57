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
  const problems: Array<Problem> = []
  const visit = (node: unknown, path: ReadonlyArray<PathSegment>, depth: number): void => {
    if (depth > maxDepth) {
      problems.push({ path, message: `Expected JSON nested at most ${maxDepth} deep, but it is deeper` })
      return
    }
    if (node === null || typeof node === "boolean") return
    if (typeof node === "number") {
      if (!Number.isFinite(node))
        problems.push({ path, message: `Expected a finite number, but got ${node}` })
      else if (Object.is(node, -0))
        problems.push({ path, message: "Expected a number jsonb keeps, but got -0" })
      return
    }
    if (typeof node === "string") {
      const issue = stringIssue(node)
      if (issue !== undefined) problems.push({ path, message: issue })
      return
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index], depth + 1))
      return
    }
    if (typeof node === "object" && isPlainObject(node)) {
      for (const [key, item] of Object.entries(node)) {
        const keyIssue = reservedKeys.has(key)
          ? `Expected an ordinary key, but "${key}" is reserved`
          : stringIssue(key)
        if (keyIssue !== undefined) problems.push({ path: [...path, key], message: keyIssue })
        visit(item, [...path, key], depth + 1)
      }
      return
    }
    problems.push({ path, message: `Expected a JSON value, but got ${describe(node)}` })
  }
  visit(value, [], 0)
  return problems
}

const stringIssue = (text: string): string | undefined => {
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
