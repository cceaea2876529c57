import { Schema } from "effect"
import { CommandId } from "../../ids.ts"
import { JsonObject } from "../../json/Json.ts"
import { Instant } from "../../instance/schema/Instant.ts"
import { WorkflowName } from "../format/Names.ts"

/**
 * Commands to one definition stream (`<tenant>/d/<workflow>`). The engine stamps `commandId`
 * and `at` from its clock; `workflow` names the stream's definition and must match it.
 */
const envelope = { commandId: CommandId, at: Instant, workflow: WorkflowName }

/** Creates the definition with a first draft, or replaces its draft. A draft may be invalid. */
export const SaveDraft = Schema.TaggedStruct("SaveDraft", { ...envelope, definition: JsonObject })
/** Checks the draft: it is recorded as valid, or the command is rejected with every problem. */
export const ValidateDraft = Schema.TaggedStruct("ValidateDraft", envelope)
/** Publishes the draft as the next immutable version (or finds the version it already is). */
export const PublishDraft = Schema.TaggedStruct("PublishDraft", envelope)
/** Stops new instances from starting; running ones go on. */
export const PauseDefinition = Schema.TaggedStruct("PauseDefinition", envelope)
export const ResumeDefinition = Schema.TaggedStruct("ResumeDefinition", envelope)
/** Retires the definition for good: no drafts, versions or starts any more. */
export const ArchiveDefinition = Schema.TaggedStruct("ArchiveDefinition", envelope)

export const DefinitionCommand = Schema.Union(
  SaveDraft,
  ValidateDraft,
  PublishDraft,
  PauseDefinition,
  ResumeDefinition,
  ArchiveDefinition
).annotations({ identifier: "DefinitionCommand" })
export type DefinitionCommand = typeof DefinitionCommand.Type
