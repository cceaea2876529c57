import { Schema } from "effect"
import type { Problem } from "../../Problem.ts"

/** A problem as a rejection carries it (and the HTTP edge renders it). */
export const ProblemSchema = Schema.Struct({
  path: Schema.Array(Schema.Union(Schema.String, Schema.Number)),
  message: Schema.String,
  line: Schema.optionalWith(Schema.Number, { exact: true }),
  column: Schema.optionalWith(Schema.Number, { exact: true })
})

/** Why a definition command was refused; the state is unchanged. */
export const DefinitionRejectionReason = Schema.Literal(
  "not-found",
  "archived",
  "wrong-workflow",
  "no-draft",
  "invalid-definition",
  "not-published"
)
export type DefinitionRejectionReason = typeof DefinitionRejectionReason.Type

/** A definition command refused, with a message "Expected …, but …" (and the problems of an invalid draft). */
export class DefinitionRejection extends Schema.TaggedError<DefinitionRejection>()("DefinitionRejection", {
  reason: DefinitionRejectionReason,
  message: Schema.String,
  problems: Schema.Array(ProblemSchema)
}) {}

export const rejectDefinition = (
  reason: DefinitionRejectionReason,
  message: string,
  problems: ReadonlyArray<Problem> = []
): DefinitionRejection => new DefinitionRejection({ reason, message, problems })
