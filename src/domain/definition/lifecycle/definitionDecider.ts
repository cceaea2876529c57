import { Either, Match } from "effect"
import type { Decider } from "../../Decider.ts"
import { contentHash } from "../../json/canonical.ts"
import { jsonbProblems } from "../../json/jsonbSafety.ts"
import { publishDefinition, type PublishedDefinition } from "../PublishedDefinition.ts"
import { validateDefinition, type ValidationEnvironment } from "../validate/validateDefinition.ts"
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
import {
  evolveDefinition,
  initialDefinitionState,
  type DefinitionState,
  type Draft
} from "./DefinitionState.ts"

type Decision = Either.Either<ReadonlyArray<DefinitionEvent>, DefinitionRejection>
const events = (...list: ReadonlyArray<DefinitionEvent>): Decision => Either.right(list)
const nothing: Decision = Either.right([])

/** The version the draft already is, when its normalized content was published before. */
export const publishedVersionOf = (
  state: DefinitionState,
  candidate: PublishedDefinition
): PublishedDefinition | undefined => state.versions.find((v) => v.contentHash === candidate.contentHash)

/**
 * The decider of a definition stream: drafts, validation, numbered immutable versions, pause,
 * resume and archive. Validation needs the schedule checks (cron, time zones) from outside.
 */
export const definitionDecider = (
  environment: ValidationEnvironment
): Decider<DefinitionCommand, DefinitionEvent, DefinitionState, DefinitionRejection> => {
  /** The draft as a valid definition published as the next version, or every problem. */
  const candidate = (state: DefinitionState, draft: Draft) =>
    Either.match(validateDefinition(draft.definition, environment), {
      onLeft: (problems) =>
        Either.left(
          rejectDefinition(
            "invalid-definition",
            `Expected a valid draft, but it has ${problems.length} problem${problems.length === 1 ? "" : "s"}`,
            problems
          )
        ),
      onRight: (definition) => Either.right(publishDefinition(definition, state.versions.length + 1))
    })

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
      : Either.flatMap(candidate(state, draft), () =>
          events({ _tag: "DraftValidated", draftHash: draft.hash, at: command.at })
        )

  const publishDraft = (command: typeof PublishDraft.Type, state: DefinitionState, draft: Draft): Decision =>
    Either.flatMap(candidate(state, draft), (published) =>
      // Content identical to a published version is that version: nothing new to record.
      publishedVersionOf(state, published) !== undefined
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

  return { initialState: initialDefinitionState, decide, evolve: evolveDefinition }
}
