import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fold } from "../../../src/domain/Decider.ts"
import type { CommandId } from "../../../src/domain/ids.ts"
import type { JsonObject } from "../../../src/domain/json/Json.ts"
import type { DefinitionCommand } from "../../../src/domain/definition/lifecycle/DefinitionCommand.ts"
import { DefinitionEvent } from "../../../src/domain/definition/lifecycle/DefinitionEvent.ts"
import { definitionDecider } from "../../../src/domain/definition/lifecycle/definitionDecider.ts"
import type { DefinitionState } from "../../../src/domain/definition/lifecycle/DefinitionState.ts"
import { cronerScheduleChecks } from "../../../src/infra/schedule/cronerScheduleChecks.ts"
import { definitionArbitrary } from "../../support/arbitraries/definition.ts"
import { jsonbRoundTrip } from "../../support/jsonbRoundTrip.ts"

const decider = definitionDecider({ schedules: cronerScheduleChecks })
const encode = Schema.encodeSync(DefinitionEvent)
const decode = Schema.decodeUnknownSync(DefinitionEvent)
const workflow = "flow"

/** A few drafts for one stream: valid ones, an invalid one, one named after another workflow. */
const drafts: fc.Arbitrary<ReadonlyArray<JsonObject>> = fc
  .array(definitionArbitrary({ maxSteps: 3, maxDepth: 1 }), { minLength: 2, maxLength: 3 })
  .map((valid) => [
    ...valid.map((d) => ({ ...d, name: workflow }) as unknown as JsonObject),
    { name: workflow, start: "missing", steps: { a: { type: "succeed" } } },
    { name: "elsewhere", start: "a", steps: { a: { type: "succeed" } } }
  ])

/**
 * Command sequences that start with a draft, biased toward saving and publishing, with every
 * lifecycle command mixed in (archive rarely, since it ends everything).
 */
const scenario = drafts.chain((pool) =>
  fc
    .array(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .nat({ max: pool.length - 1 })
            .map((i) => ({ kind: "SaveDraft" as const, draft: pool[i]! }))
        },
        { weight: 2, arbitrary: fc.constant({ kind: "ValidateDraft" as const }) },
        { weight: 4, arbitrary: fc.constant({ kind: "PublishDraft" as const }) },
        {
          // Save then publish at once: sequences reach several versions often enough to matter.
          weight: 3,
          arbitrary: fc
            .nat({ max: pool.length - 1 })
            .map((i) => ({ kind: "SaveAndPublish" as const, draft: pool[i]! }))
        },
        { weight: 1, arbitrary: fc.constant({ kind: "PauseDefinition" as const }) },
        { weight: 1, arbitrary: fc.constant({ kind: "ResumeDefinition" as const }) },
        { weight: 1, arbitrary: fc.constant({ kind: "ArchiveDefinition" as const }) }
      ),
      { minLength: 3, maxLength: 14 }
    )
    .map((steps) =>
      [{ kind: "SaveDraft" as const, draft: pool[0]! }, ...steps]
        .flatMap((step) =>
          step.kind === "SaveAndPublish"
            ? [{ kind: "SaveDraft" as const, draft: step.draft }, { kind: "PublishDraft" as const }]
            : [step]
        )
        .map((step, i): DefinitionCommand => {
          const envelope = { commandId: `c${i}` as CommandId, at: Date.UTC(2026, 0, 1) + i * 1000, workflow }
          return step.kind === "SaveDraft"
            ? { _tag: "SaveDraft", ...envelope, definition: step.draft }
            : { _tag: step.kind, ...envelope }
        })
    )
)

/** Runs commands live: each decision's events folded at once. Returns every event and each state. */
const runLive = (commands: ReadonlyArray<DefinitionCommand>) => {
  const events: Array<DefinitionEvent> = []
  const states: Array<DefinitionState> = []
  let state = decider.initialState
  for (const command of commands) {
    const decision = decider.decide(command, state)
    if (Either.isRight(decision)) {
      events.push(...decision.right)
      state = fold(decider, decision.right, state)
    }
    states.push(state)
  }
  return { events, states, state }
}

describe("definition decider properties", () => {
  it("replay equals live, also after a jsonb round trip of every event", () => {
    fc.assert(
      fc.property(scenario, (commands) => {
        const { events, state } = runLive(commands)
        expect(fold(decider, events)).toEqual(state)
        const stored = events.map((event) => decode(jsonbRoundTrip(encode(event))))
        expect(fold(decider, stored)).toEqual(state)
      }),
      { numRuns: 150 }
    )
  })

  it("publishing never changes an earlier version", () => {
    let withVersions = 0
    fc.assert(
      fc.property(scenario, (commands) => {
        const { states } = runLive(commands)
        if ((states[states.length - 1]?.versions.length ?? 0) > 1) withVersions++
        states.forEach((earlier, i) => {
          for (const later of states.slice(i + 1))
            expect(later.versions.slice(0, earlier.versions.length)).toEqual(earlier.versions)
        })
        const last = states[states.length - 1]
        last?.versions.forEach((version, index) => expect(version.version).toBe(index + 1))
        expect(new Set(last?.versions.map((v) => v.contentHash)).size).toBe(last?.versions.length ?? 0)
      }),
      { numRuns: 150 }
    )
    // The scenarios reach several versions often enough for the property to say something.
    expect(withVersions).toBeGreaterThan(15)
  })

  it("events round-trip through their encoded form and through jsonb", () => {
    fc.assert(
      fc.property(scenario, (commands) => {
        for (const event of runLive(commands).events) {
          const encoded = encode(event)
          expect(decode(encoded)).toEqual(event)
          expect(encode(decode(jsonbRoundTrip(encoded)))).toEqual(encoded)
        }
      }),
      { numRuns: 150 }
    )
  })

  it("redelivering a command that was accepted decides nothing", () => {
    fc.assert(
      fc.property(scenario, (commands) => {
        let state = decider.initialState
        for (const command of commands) {
          const decision = decider.decide(command, state)
          if (Either.isLeft(decision) || decision.right.length === 0) continue
          state = fold(decider, decision.right, state)
          const again = decider.decide(command, state)
          if (Either.isRight(again)) expect(again.right).toEqual([])
        }
      }),
      { numRuns: 150 }
    )
  })
})
