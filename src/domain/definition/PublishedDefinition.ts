import { Schema } from "effect"
import { contentHash } from "../json/canonical.ts"
import type { Json } from "../json/Json.ts"
import { WorkflowDefinition } from "./format/Definition.ts"
import { WorkflowName } from "./format/Names.ts"
import { isNormalized } from "./normalize/isNormalized.ts"
import type { NormalizedDefinition } from "./normalize/NormalizedDefinition.ts"
import { normalizeDefinition } from "./normalize/normalizeDefinition.ts"

/** A lower-case hex SHA-256. */
export const Sha256Hex = Schema.String.pipe(
  Schema.pattern(/^[0-9a-f]{64}$/, {
    message: (issue) => `Expected a hex SHA-256, but got ${JSON.stringify(issue.actual)}`
  })
).annotations({ identifier: "Sha256Hex" })

/**
 * A workflow definition in normalized form: every default filled in (the type says which
 * fields are then present). Its encoded form is the authored format, so it is stored as is.
 */
export const NormalizedWorkflowDefinition = WorkflowDefinition.pipe(
  Schema.filter(
    (definition): definition is WorkflowDefinition & NormalizedDefinition => isNormalized(definition),
    {
      message: () =>
        "Expected a normalized definition (every default filled in), but some defaults are missing"
    }
  )
).annotations({ identifier: "NormalizedWorkflowDefinition" })

/**
 * An immutable, numbered version of a workflow. `definition` is normalized: every default is
 * filled in, so nothing downstream applies defaults; `contentHash` is the SHA-256 of its RFC 8785
 * canonical JSON, so publishing the same content twice yields the same version.
 */
export const PublishedDefinition = Schema.Struct({
  name: WorkflowName,
  version: Schema.Int.pipe(Schema.positive()),
  contentHash: Sha256Hex,
  definition: NormalizedWorkflowDefinition
}).annotations({ identifier: "PublishedDefinition" })
export type PublishedDefinition = typeof PublishedDefinition.Type

/** The content hash of a normalized definition: SHA-256 of its canonical JSON (RFC 8785). */
export const definitionHash = (definition: NormalizedDefinition): string =>
  contentHash(definition as unknown as Json)

/**
 * Version `version` of a valid definition: normalized and hashed. Key order, duration spelling
 * and spelled-out defaults never change the hash.
 */
export const publishDefinition = (definition: WorkflowDefinition, version: number): PublishedDefinition => {
  const normalized = normalizeDefinition(definition) as WorkflowDefinition & NormalizedDefinition
  return { name: normalized.name, version, contentHash: definitionHash(normalized), definition: normalized }
}
