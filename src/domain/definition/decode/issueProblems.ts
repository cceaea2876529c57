import { Either, ParseResult, Schema, SchemaAST as AST } from "effect"
import type { PathSegment, Problem } from "../../Problem.ts"
import { actual, expected, oneOf } from "./describe.ts"

/**
 * Turns a Schema parse issue into problems with paths and "Expected …, but …" messages. Unions
 * without a discriminating field report the member the value came closest to, not every member.
 */
export const issueProblems = (issue: ParseResult.ParseIssue): ReadonlyArray<Problem> =>
  walk(issue, [], undefined)

const walk = (
  issue: ParseResult.ParseIssue,
  path: ReadonlyArray<PathSegment>,
  parent: AST.TypeLiteral | undefined
): ReadonlyArray<Problem> => {
  switch (issue._tag) {
    case "Pointer": {
      const segments = (Array.isArray(issue.path) ? issue.path : [issue.path]) as ReadonlyArray<PropertyKey>
      const next = [...path, ...segments.map((s) => (typeof s === "number" ? s : String(s)))]
      return walk(issue.issue, next, parent)
    }
    case "Composite": {
      if (AST.isUnion(issue.ast)) return unionProblems(issue, path)
      const typeLiteral = AST.isTypeLiteral(issue.ast) ? issue.ast : parent
      const issues = Array.isArray(issue.issues) ? issue.issues : [issue.issues as ParseResult.ParseIssue]
      return issues.flatMap((inner) => walk(inner, path, typeLiteral))
    }
    case "Refinement":
      // A named refinement whose underlying type failed says what it is: "a step name", not "a text".
      if (issue.kind === "From" && underlyingTypeFailed(issue.issue))
        return [{ path, message: `Expected ${expected(issue.ast)}, but got ${actual(issue.actual)}` }]
      return issue.kind === "From" ? walk(issue.issue, path, parent) : [{ path, message: formatted(issue) }]
    case "Transformation":
      return walk(issue.issue, path, parent)
    case "Type":
      return [
        {
          path,
          message: issue.message ?? `Expected ${expected(issue.ast)}, but got ${actual(issue.actual)}`
        }
      ]
    case "Missing":
      return [missingProblem(path)]
    case "Unexpected":
      return [{ path, message: unexpectedMessage(String(path[path.length - 1]), parent) }]
    case "Forbidden":
      return [
        { path, message: issue.message ?? "Expected a value decoded synchronously, but it needs an effect" }
      ]
  }
}

/** Whether the value failed the refinements' base type (a number where a text belongs), not a check. */
const underlyingTypeFailed = (issue: ParseResult.ParseIssue): boolean =>
  issue._tag === "Type"
    ? issue.message === undefined
    : issue._tag === "Refinement" && issue.kind === "From" && underlyingTypeFailed(issue.issue)

/** Effect's message for a failed refinement (honouring `message` annotations), in our wording. */
const formatted = (issue: ParseResult.ParseIssue): string => {
  const message = ParseResult.ArrayFormatter.formatIssueSync(issue)[0]?.message ?? "Expected a valid value"
  return message.replace(/, actual (.*)$/s, ", but got $1")
}

const missingProblem = (path: ReadonlyArray<PathSegment>): Problem => {
  const last = path[path.length - 1]
  if (typeof last !== "number")
    return { path, message: `Expected the field ${String(last)}, but it is missing` }
  // A tuple element is missing: the list is too short (a NonEmptyArray given `[]`).
  const list = path.slice(0, -1)
  return last === 0
    ? { path: list, message: "Expected a non-empty list, but got an empty list" }
    : { path: list, message: `Expected at least ${last + 1} items, but the list has ${last}` }
}

const unexpectedMessage = (key: string, parent: AST.TypeLiteral | undefined): string => {
  if (parent === undefined) return `Expected no field ${JSON.stringify(key)} here, but found one`
  // A record's key that fails its key schema: say why the key is wrong.
  for (const signature of parent.indexSignatures) {
    const keyCheck = Schema.decodeUnknownEither(Schema.make(signature.parameter))(key)
    if (Either.isLeft(keyCheck))
      return issueProblems(keyCheck.left.issue)[0]?.message ?? "Expected a valid key"
  }
  const known = parent.propertySignatures.map((signature) => String(signature.name))
  return `Expected one of the fields ${oneOf(known)}, but found ${JSON.stringify(key)}`
}

/**
 * A union that no literal field discriminates: an object is judged against the member it fits
 * best (fewest problems); any other value gets one problem naming every member.
 */
const unionProblems = (
  issue: ParseResult.Composite,
  path: ReadonlyArray<PathSegment>
): ReadonlyArray<Problem> => {
  const members = Array.isArray(issue.issues) ? issue.issues : [issue.issues as ParseResult.ParseIssue]
  if (members.length === 1 && members[0] !== undefined) return walk(members[0], path, undefined)
  const value = issue.actual
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const candidates = members.map((member) => walk(member, path, undefined))
    const best = candidates.reduce((a, b) => (b.length < a.length ? b : a))
    if (best.length > 0) return best
  }
  return [{ path, message: `Expected ${expected(issue.ast)}, but got ${actual(value)}` }]
}
