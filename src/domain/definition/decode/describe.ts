import { Option, SchemaAST as AST } from "effect"

/** Phrases for the format's named schemas, used in "Expected …" messages. */
const named: Record<string, string> = {
  WorkflowDefinition: "a workflow definition (an object with name, start and steps)",
  Step: "a step (an object with a type)",
  Graph: "a graph (an object with start and steps)",
  Branch: "a branch (an object with start and steps)",
  Catch: "a catch (an object with next)",
  Trigger: "a trigger (an object with event or schedule)",
  RetryPolicy: "a retry policy (an object)",
  Sla: "an SLA per priority (an object)",
  Limits: "limits (an object)",
  Json: "a JSON value",
  JsonObject: "an object",
  Duration: "a duration such as 30s, 1h30m or P7D",
  SignedDuration: "a duration such as 1d or -2h",
  StepName: "a step name",
  WorkflowName: "a workflow name",
  Label: "a name",
  ContextPath: "a context path such as payment or order.payment",
  Expression: "a CEL expression",
  Template: "a text",
  Join: `"all", "any" or a positive integer`
}

/** What a schema expects, as a phrase: `a text`, `"all", "any" or a positive integer`. */
export const expected = (ast: AST.AST): string => {
  const identifier = Option.getOrUndefined(AST.getIdentifierAnnotation(ast))
  if (identifier !== undefined && named[identifier] !== undefined) return named[identifier]
  switch (ast._tag) {
    case "Literal":
      return JSON.stringify(ast.literal)
    case "StringKeyword":
      return "a text"
    case "NumberKeyword":
      return "a number"
    case "BooleanKeyword":
      return "true or false"
    case "TypeLiteral":
      return "an object"
    case "TupleType":
      return ast.rest.length > 0 && ast.elements.length > 0 ? "a non-empty list" : "a list"
    case "Union":
      return oneOf(ast.types.map(expected))
    case "Refinement":
      return Option.getOrUndefined(AST.getDescriptionAnnotation(ast)) ?? expected(ast.from)
    case "Suspend":
      return expected(ast.f())
    case "Transformation":
      return expected(ast.to)
    default:
      return Option.getOrUndefined(AST.getDescriptionAnnotation(ast)) ?? identifier ?? String(ast)
  }
}

/** `a`, `a or b`, `a, b or c`. */
export const oneOf = (items: ReadonlyArray<string>): string => {
  const unique = [...new Set(items)]
  return unique.length <= 1
    ? (unique[0] ?? "nothing")
    : `${unique.slice(0, -1).join(", ")} or ${unique[unique.length - 1]}`
}

/** A value as a message shows it: strings quoted and cut short, collections by kind. */
export const actual = (value: unknown): string => {
  if (value === undefined) return "nothing"
  if (value === null) return "null"
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list"
  if (typeof value === "object") return "an object"
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)
  return String(value)
}
