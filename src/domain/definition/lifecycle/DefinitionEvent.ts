import { Schema } from "effect"
import { JsonObject } from "../../json/Json.ts"
import { Instant } from "../../instance/schema/Instant.ts"
import { WorkflowName } from "../format/Names.ts"
import { NormalizedWorkflowDefinition, Sha256Hex } from "../PublishedDefinition.ts"

/*
 * Events of a definition stream. Their encoded form is stored for ever: add a tag, never change
 * the meaning of an old one.
 */

/** The definition came into being with its first draft (as authored, possibly invalid). */
export const DraftCreated = Schema.TaggedStruct("DraftCreated", {
  workflow: WorkflowName,
  definition: JsonObject,
  /** SHA-256 of the draft's canonical JSON. */
  draftHash: Sha256Hex,
  at: Instant
})
/** The draft was replaced by different content. */
export const DraftUpdated = Schema.TaggedStruct("DraftUpdated", {
  definition: JsonObject,
  draftHash: Sha256Hex,
  at: Instant
})
/** The draft with this hash was found valid. */
export const DraftValidated = Schema.TaggedStruct("DraftValidated", { draftHash: Sha256Hex, at: Instant })
/** Version `version` was published: the normalized draft, immutable from now on. */
export const VersionPublished = Schema.TaggedStruct("VersionPublished", {
  version: Schema.Int.pipe(Schema.positive()),
  contentHash: Sha256Hex,
  /** The draft it was published from. */
  draftHash: Sha256Hex,
  definition: NormalizedWorkflowDefinition,
  at: Instant
})
export const DefinitionPaused = Schema.TaggedStruct("DefinitionPaused", { at: Instant })
export const DefinitionResumed = Schema.TaggedStruct("DefinitionResumed", { at: Instant })
export const DefinitionArchived = Schema.TaggedStruct("DefinitionArchived", { at: Instant })

export const DefinitionEvent = Schema.Union(
  DraftCreated,
  DraftUpdated,
  DraftValidated,
  VersionPublished,
  DefinitionPaused,
  DefinitionResumed,
  DefinitionArchived
).annotations({ identifier: "DefinitionEvent" })
export type DefinitionEvent = typeof DefinitionEvent.Type
