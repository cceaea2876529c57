import { absurd } from "effect"
import { sortKeys } from "../../json/canonical.ts"
import type { Json, JsonObject } from "../../json/Json.ts"
import type { PublishedDefinition } from "../PublishedDefinition.ts"
import type { DefinitionEvent } from "./DefinitionEvent.ts"

/**
 * Where a definition is in its life: `absent` before its first draft, `draft` until a version
 * is published, then `active` or `paused` (new instances start only when active), and
 * `archived` for good.
 */
export type DefinitionStatus = "absent" | "draft" | "active" | "paused" | "archived"

export interface Draft {
  /** As authored (keys sorted), possibly invalid. */
  readonly definition: JsonObject
  readonly hash: string
  readonly validated: boolean
}

export interface DefinitionState {
  readonly status: DefinitionStatus
  readonly workflow: string | undefined
  readonly draft: Draft | undefined
  /** Published versions in order: `versions[n - 1]` is version n, immutable. */
  readonly versions: ReadonlyArray<PublishedDefinition>
}

export const initialDefinitionState: DefinitionState = {
  status: "absent",
  workflow: undefined,
  draft: undefined,
  versions: []
}

const sorted = <A>(definition: A): A => sortKeys(definition as unknown as Json) as unknown as A

/**
 * Folds one event. Never throws and never validates: every decision is in the events. Stored
 * payloads come back from jsonb with keys reordered, so definitions are kept with sorted keys
 * and live and replayed states are identical.
 */
export const evolveDefinition = (state: DefinitionState, event: DefinitionEvent): DefinitionState => {
  switch (event._tag) {
    case "DraftCreated":
      return {
        ...state,
        status: "draft",
        workflow: event.workflow,
        draft: { definition: sortKeys(event.definition), hash: event.draftHash, validated: false }
      }
    case "DraftUpdated":
      return {
        ...state,
        draft: { definition: sortKeys(event.definition), hash: event.draftHash, validated: false }
      }
    case "DraftValidated":
      return state.draft?.hash === event.draftHash
        ? { ...state, draft: { ...state.draft, validated: true } }
        : state
    case "VersionPublished":
      return {
        ...state,
        status: state.status === "draft" ? "active" : state.status,
        versions: [
          ...state.versions,
          {
            name: event.definition.name,
            version: event.version,
            contentHash: event.contentHash,
            definition: sorted(event.definition)
          }
        ]
      }
    case "DefinitionPaused":
      return { ...state, status: "paused" }
    case "DefinitionResumed":
      return { ...state, status: "active" }
    case "DefinitionArchived":
      return { ...state, status: "archived" }
    default:
      return absurd(event)
  }
}
