import { Either, Match } from "effect"
import { contentHash } from "../../json/canonical.ts"
import { jsonbProblems } from "../../json/jsonbSafety.ts"
import type { ValidationEnvironment } from "../validate/validateDefinition.ts"
import type {
  ArchiveDefinition,
  DefinitionCommand,
  PauseDefinition,
  PublishDraft,
  ResumeDefinition,
  SaveDraft,
  ValidateDraft
} from "./DefinitionCommand.ts"
import type { DefinitionEvent } from "./DefinitionEvent.ts"
import { rejectDefinition, type DefinitionRejection } from "./DefinitionRejection.ts"
import type { DefinitionState, Draft } from "./DefinitionState.ts"
import { draftCandidate, versionWithContent } from "./draftCandidate.ts"

type Decision = Either.Either<ReadonlyArray<DefinitionEvent>, DefinitionRejection>
const events = (...list: ReadonlyArray<DefinitionEvent>): Decision => Either.right(list)
const nothing: Decision = Either.right([])

/**
 * Decides a definition command: drafts, validation, numbered immutable versions, pause, resume
 * and archive. `[]` when there is nothing to do (the same draft again, publishing content that
 * already is a version, pausing what is paused), so redelivery is safe.
 */
export const decideDefinition = (environment: ValidationEnvironment) => {
  const saveDraft = (command: typeof SaveDraft.Type, state: DefinitionState): Decision => {
    const name = command.definition["name"]
    if (name !== command.workflow)
      return Either.left(
        rejectDefinition(
          "wrong-workflow",
          `Expected the definition to be named ${JSON.stringify(command.workflow)} (its stream), but it is named ${JSON.stringify(name ?? null)}`
        )
      )
    const unsafe = jsonbProblems(command.definition)
    if (unsafe.length > 0)
      return Either.left(
        rejectDefinition("invalid-definition", "Expected a draft that can be stored, but it cannot", unsafe)
      )
    const draftHash = contentHash(command.definition)
    if (state.draft?.hash === draftHash) return nothing
    return state.status === "absent"
      ? events({
          _tag: "DraftCreated",
          workflow: command.workflow,
          definition: command.definition,
          draftHash,
          at: command.at
        })
      : events({ _tag: "DraftUpdated", definition: command.definition, draftHash, at: command.at })
  }

  const validateDraft = (
    command: typeof ValidateDraft.Type,
    state: DefinitionState,
    draft: Draft
  ): Decision =>
    draft.validated
      ? nothing
      : Either.flatMap(draftCandidate(state, draft, environment), () =>
          events({ _tag: "DraftValidated", draftHash: draft.hash, at: command.at })
        )

  const publishDraft = (command: typeof PublishDraft.Type, state: DefinitionState, draft: Draft): Decision =>
    Either.flatMap(draftCandidate(state, draft, environment), (published) =>
      // Content identical to a published version is that version: nothing new to record.
      versionWithContent(state, published) !== undefined
        ? nothing
        : events({
            _tag: "VersionPublished",
            version: published.version,
            contentHash: published.contentHash,
            draftHash: draft.hash,
            definition: published.definition,
            at: command.at
          })
    )

  const notPublished = (verb: string) =>
    Either.left(
      rejectDefinition(
        "not-published",
        `Expected a published definition to ${verb}, but it has no version yet`
      )
    )

  const pause = (command: typeof PauseDefinition.Type, state: DefinitionState): Decision =>
    state.status === "draft"
      ? notPublished("pause")
      : state.status === "paused"
        ? nothing
        : events({ _tag: "DefinitionPaused", at: command.at })

  const resume = (command: typeof ResumeDefinition.Type, state: DefinitionState): Decision =>
    state.status === "draft"
      ? notPublished("resume")
      : state.status === "active"
        ? nothing
        : events({ _tag: "DefinitionResumed", at: command.at })

  const archive = (command: typeof ArchiveDefinition.Type): Decision =>
    events({ _tag: "DefinitionArchived", at: command.at })

  const decide = (command: DefinitionCommand, state: DefinitionState): Decision => {
    if (state.workflow !== undefined && command.workflow !== state.workflow)
      return Either.left(
        rejectDefinition(
          "wrong-workflow",
          `Expected a command for ${JSON.stringify(state.workflow)}, but it is for ${JSON.stringify(command.workflow)}`
        )
      )
    if (state.status === "archived")
      return command._tag === "ArchiveDefinition"
        ? nothing
        : Either.left(
            rejectDefinition(
              "archived",
              `Expected a definition that is not archived, but ${JSON.stringify(state.workflow)} is archived`
            )
          )
    const draft = state.draft
    if (command._tag !== "SaveDraft" && (state.status === "absent" || draft === undefined))
      return Either.left(
        rejectDefinition(
          "not-found",
          `Expected a definition named ${JSON.stringify(command.workflow)}, but there is none`
        )
      )
    return Match.valueTags(command, {
      SaveDraft: (c) => saveDraft(c, state),
      ValidateDraft: (c) => validateDraft(c, state, draft!),
      PublishDraft: (c) => publishDraft(c, state, draft!),
      PauseDefinition: (c) => pause(c, state),
      ResumeDefinition: (c) => resume(c, state),
      ArchiveDefinition: (c) => archive(c)
    })
  }

  return decide
}
