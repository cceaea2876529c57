import { Schema } from "effect"
import { WorkflowDefinition } from "./format/Definition.ts"
import { WorkflowName } from "./format/Names.ts"

/** A lower-case hex SHA-256. */
export const Sha256Hex = Schema.String.pipe(
  Schema.pattern(/^[0-9a-f]{64}$/, {
    message: (issue) => `Expected a hex SHA-256, but got ${JSON.stringify(issue.actual)}`
  })
).annotations({ identifier: "Sha256Hex" })

/**
 * An immutable, numbered version of a workflow. `definition` is normalized: every default is
 * filled in, so nothing downstream applies defaults; `contentHash` is the SHA-256 of its RFC 8785
 * canonical JSON, so publishing the same content twice yields the same version.
 */
export const PublishedDefinition = Schema.Struct({
  name: WorkflowName,
  version: Schema.Int.pipe(Schema.positive()),
  contentHash: Sha256Hex,
  definition: WorkflowDefinition
}).annotations({ identifier: "PublishedDefinition" })
export type PublishedDefinition = typeof PublishedDefinition.Type
