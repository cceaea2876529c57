import type { JsonObject } from "../../json/Json.ts"
import type { PathSegment, Problem } from "../../Problem.ts"
import type { WorkflowDefinition } from "../format/Definition.ts"
import { jsonSchemaProblems } from "../jsonSchema/checkJsonSchema.ts"
import type { PlacedStep } from "./scopes.ts"

/** An input or form schema: a valid JSON Schema 2020-12 that describes an object. */
const objectSchemaProblems = (
  schema: JsonObject,
  path: ReadonlyArray<PathSegment>,
  what: string
): ReadonlyArray<Problem> => {
  const problems = jsonSchemaProblems(schema, path)
  if (problems.length > 0) return problems
  return schema.type === "object"
    ? []
    : [
        {
          path: [...path, "type"],
          message: `Expected ${what} to describe an object (type: object), but its type is ${JSON.stringify(schema.type ?? null)}`
        }
      ]
}

/** The start-input schema and every human step's form. */
export const schemaProblems = (
  definition: WorkflowDefinition,
  steps: ReadonlyArray<PlacedStep>
): ReadonlyArray<Problem> => [
  ...(definition.input === undefined
    ? []
    : objectSchemaProblems(definition.input, ["input"], "the input schema")),
  ...steps.flatMap(({ step, path }) =>
    step.type === "human" && step.form !== undefined
      ? objectSchemaProblems(step.form, [...path, "form"], "a form")
      : []
  )
]
