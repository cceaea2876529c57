import { Either } from "effect"
import { publishDefinition, type PublishedDefinition } from "../PublishedDefinition.ts"
import { validateDefinition, type ValidationEnvironment } from "../validate/validateDefinition.ts"
import { rejectDefinition, type DefinitionRejection } from "./DefinitionRejection.ts"
import type { DefinitionState, Draft } from "./DefinitionState.ts"

/** The draft as the next version — validated, normalized and hashed — or a rejection with every problem. */
export const draftCandidate = (
  state: DefinitionState,
  draft: Draft,
  environment: ValidationEnvironment
): Either.Either<PublishedDefinition, DefinitionRejection> =>
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

/** The published version with the same content as a candidate, if there is one. */
export const versionWithContent = (
  state: DefinitionState,
  candidate: PublishedDefinition
): PublishedDefinition | undefined => state.versions.find((v) => v.contentHash === candidate.contentHash)

/**
 * The version the current draft already is — what `PublishDraft` found when it decided `[]` —
 * or undefined when the draft is new content, invalid, or there is no draft.
 */
export const publishedVersionOfDraft = (
  state: DefinitionState,
  environment: ValidationEnvironment
): PublishedDefinition | undefined =>
  state.draft === undefined
    ? undefined
    : Either.match(draftCandidate(state, state.draft, environment), {
        onLeft: () => undefined,
        onRight: (candidate) => versionWithContent(state, candidate)
      })
