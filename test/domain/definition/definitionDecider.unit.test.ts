import { Either } from "effect"
import { describe, expect, it } from "vitest"
import type { CommandId } from "../../../src/domain/ids.ts"
import type { JsonObject } from "../../../src/domain/json/Json.ts"
import { contentHash } from "../../../src/domain/json/canonical.ts"
import { decodeDefinition } from "../../../src/domain/definition/decode/decodeDefinition.ts"
import type { DefinitionCommand } from "../../../src/domain/definition/lifecycle/DefinitionCommand.ts"
import { DefinitionEvent } from "../../../src/domain/definition/lifecycle/DefinitionEvent.ts"
import type { DefinitionRejection } from "../../../src/domain/definition/lifecycle/DefinitionRejection.ts"
import { definitionDecider } from "../../../src/domain/definition/lifecycle/definitionDecider.ts"
import { publishedVersionOfDraft } from "../../../src/domain/definition/lifecycle/draftCandidate.ts"
import { publishDefinition } from "../../../src/domain/definition/PublishedDefinition.ts"
import { cronerScheduleChecks } from "../../../src/infra/schedule/cronerScheduleChecks.ts"
import { DeciderSpec } from "../../support/DeciderSpec.ts"

const environment = { schedules: cronerScheduleChecks }
const decider = definitionDecider(environment)
const given = DeciderSpec.for(decider, DefinitionEvent)

const t0 = Date.UTC(2026, 10, 21, 9, 0, 0)
const envelope = (minute = 0) => ({
  commandId: `c${minute}` as CommandId,
  at: t0 + minute * 60_000,
  workflow: "refund"
})

const v1: JsonObject = {
  name: "refund",
  start: "pay",
  steps: { pay: { type: "action", action: "http", with: { url: "https://bank.example/refund" } } }
}
const v2: JsonObject = { ...v1, description: "Refunds a payment" }
const invalid: JsonObject = { name: "refund", start: "nowhere", steps: { pay: { type: "succeed" } } }

const save = (definition: JsonObject, minute = 0): DefinitionCommand => ({
  _tag: "SaveDraft",
  ...envelope(minute),
  definition
})
const validate = (minute = 0): DefinitionCommand => ({ _tag: "ValidateDraft", ...envelope(minute) })
const publish = (minute = 0): DefinitionCommand => ({ _tag: "PublishDraft", ...envelope(minute) })
const pause = (minute = 0): DefinitionCommand => ({ _tag: "PauseDefinition", ...envelope(minute) })
const resume = (minute = 0): DefinitionCommand => ({ _tag: "ResumeDefinition", ...envelope(minute) })
const archive = (minute = 0): DefinitionCommand => ({ _tag: "ArchiveDefinition", ...envelope(minute) })

const created = (definition = v1, minute = 0): DefinitionEvent => ({
  _tag: "DraftCreated",
  workflow: "refund",
  definition,
  draftHash: contentHash(definition),
  at: t0 + minute * 60_000
})
const updated = (definition: JsonObject, minute = 0): DefinitionEvent => ({
  _tag: "DraftUpdated",
  definition,
  draftHash: contentHash(definition),
  at: t0 + minute * 60_000
})
const validated = (definition = v1, minute = 0): DefinitionEvent => ({
  _tag: "DraftValidated",
  draftHash: contentHash(definition),
  at: t0 + minute * 60_000
})
const published = (definition: JsonObject, version: number, minute = 0): DefinitionEvent => {
  const p = publishDefinition(Either.getOrThrow(decodeDefinition(definition)), version)
  return {
    _tag: "VersionPublished",
    version,
    contentHash: p.contentHash,
    draftHash: contentHash(definition),
    definition: p.definition,
    at: t0 + minute * 60_000
  }
}
const paused = (minute = 0): DefinitionEvent => ({ _tag: "DefinitionPaused", at: t0 + minute * 60_000 })
const resumed = (minute = 0): DefinitionEvent => ({ _tag: "DefinitionResumed", at: t0 + minute * 60_000 })
const archived = (minute = 0): DefinitionEvent => ({ _tag: "DefinitionArchived", at: t0 + minute * 60_000 })

const reason = (expected: DefinitionRejection["reason"]) => (rejection: DefinitionRejection) =>
  expect(rejection.reason).toBe(expected)

describe("a definition that does not exist", () => {
  it("is created with its first draft", () =>
    given([])
      .when(save(v1))
      .then([created(v1)]))
  it("accepts an invalid first draft (drafts are work in progress)", () =>
    given([])
      .when(save(invalid))
      .then([created(invalid)]))
  it("rejects a draft named after another workflow", () =>
    given([])
      .when(save({ ...v1, name: "other" }))
      .thenRejects('Expected the definition to be named "refund" (its stream), but it is named "other"'))
  it("rejects a draft jsonb would not keep, with the problem", () =>
    given([])
      .when(save({ ...v1, context: { x: -0 } }))
      .thenRejects((rejection) => {
        expect(rejection.reason).toBe("invalid-definition")
        expect(rejection.problems).toEqual([
          { path: ["context", "x"], message: "Expected a number jsonb keeps, but got -0" }
        ])
      }))
  for (const command of [validate(), publish(), pause(), resume(), archive()])
    it(`rejects ${command._tag} as not found`, () =>
      given([]).when(command).thenRejects('Expected a definition named "refund", but there is none'))
})

describe("a definition with a draft", () => {
  it("replaces the draft with different content", () =>
    given([created()])
      .when(save(v2, 1))
      .then([updated(v2, 1)]))
  it("decides nothing for the same content in another key order", () =>
    given([created()])
      .when(save(Object.fromEntries(Object.entries(v1).reverse()), 1))
      .then([]))
  it("records a valid draft as validated", () =>
    given([created()])
      .when(validate(1))
      .then([validated(v1, 1)]))
  it("decides nothing when the draft was validated already", () =>
    given([created(), validated()]).when(validate(2)).then([]))
  it("rejects validating an invalid draft with every problem", () =>
    given([created(invalid)])
      .when(validate(1))
      .thenRejects((rejection) => {
        expect(rejection.reason).toBe("invalid-definition")
        expect(rejection.message).toBe("Expected a valid draft, but it has 1 problem")
        expect(rejection.problems).toEqual([
          {
            path: ["start"],
            message: 'Expected start to name a step of this graph (pay), but there is no step "nowhere"'
          }
        ])
      }))
  it("publishes a valid draft as version 1", () =>
    given([created()])
      .when(publish(1))
      .then([published(v1, 1, 1)]))
  it("rejects publishing an invalid draft", () =>
    given([created(invalid)])
      .when(publish(1))
      .thenRejects(reason("invalid-definition")))
  it("rejects pausing before any version", () =>
    given([created()])
      .when(pause(1))
      .thenRejects("Expected a published definition to pause, but it has no version yet"))
  it("rejects resuming before any version", () =>
    given([created()])
      .when(resume(1))
      .thenRejects("Expected a published definition to resume, but it has no version yet"))
  it("rejects a command for another workflow", () =>
    given([created()])
      .when({ ...publish(1), workflow: "other" })
      .thenRejects('Expected a command for "refund", but it is for "other"'))
  it("is archived", () =>
    given([created()])
      .when(archive(1))
      .then([archived(1)]))
})

describe("a published definition", () => {
  const history = [created(), published(v1, 1)]
  it("decides nothing when the draft is the published content", () =>
    given(history).when(publish(1)).then([]))
  it("publishes changed content as version 2", () =>
    given([...history, updated(v2, 1)])
      .when(publish(2))
      .then([published(v2, 2, 2)]))
  it("decides nothing when the draft is an earlier version's content again (it is that version)", () =>
    given([...history, updated(v2, 1), published(v2, 2, 2), updated(v1, 3)])
      .when(publish(4))
      .then([]))
  it("finds the version a republished draft already is", () => {
    const { state } = given([...history, updated(v2, 1), published(v2, 2, 2), updated(v1, 3)])
    expect(publishedVersionOfDraft(state, environment)?.version).toBe(1)
    expect(publishedVersionOfDraft(given([...history, updated(v2, 1)]).state, environment)).toBeUndefined()
  })
  it("keeps published versions when the draft changes", () =>
    given([...history, updated(invalid, 1)])
      .when(save(v2, 2))
      .thenState((state) => expect(state.versions.map((v) => v.version)).toEqual([1])))
  it("is paused", () =>
    given(history)
      .when(pause(1))
      .then([paused(1)]))
  it("decides nothing when resumed while active", () => given(history).when(resume(1)).then([]))
  it("is archived", () =>
    given(history)
      .when(archive(1))
      .then([archived(1)]))
})

describe("a paused definition", () => {
  const history = [created(), published(v1, 1), paused(1)]
  it("decides nothing when paused again", () => given(history).when(pause(2)).then([]))
  it("is resumed", () =>
    given(history)
      .when(resume(2))
      .then([resumed(2)]))
  it("publishes a new version and stays paused", () =>
    given([...history, updated(v2, 2)])
      .when(publish(3))
      .thenState((state) => {
        expect(state.status).toBe("paused")
        expect(state.versions.map((v) => v.version)).toEqual([1, 2])
      }))
})

describe("an archived definition", () => {
  const history = [created(), published(v1, 1), archived(2)]
  it("decides nothing when archived again", () => given(history).when(archive(3)).then([]))
  for (const command of [save(v2, 3), validate(3), publish(3), pause(3), resume(3)])
    it(`rejects ${command._tag}`, () =>
      given(history)
        .when(command)
        .thenRejects('Expected a definition that is not archived, but "refund" is archived'))
})
