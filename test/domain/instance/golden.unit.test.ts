import { Schema } from "effect"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { InstanceEvent } from "../../../src/domain/instance/events/InstanceEvent.ts"
import { evolve } from "../../../src/domain/instance/evolve/evolve.ts"
import { initialState } from "../../../src/domain/instance/state/InstanceState.ts"
import { sortKeys } from "../../../src/domain/json/canonical.ts"
import { stateJson } from "../../support/instance/golden.ts"
import { jsonbRoundTrip } from "../../support/jsonbRoundTrip.ts"

const directory = join(import.meta.dirname, "../../fixtures/golden")
const files = readdirSync(directory).filter((file) => file.endsWith(".json"))
const decode = Schema.decodeUnknownSync(Schema.Array(InstanceEvent))

/**
 * Streams recorded once, folded forever: a change to an event's schema or to `evolve` that
 * would change the state of an instance already stored fails here. Never regenerate a golden
 * file to make this pass — add an upcaster (docs/events.md, "Evolving the contract").
 */
describe("the golden event streams", () => {
  it("cover every step kind", () => {
    const tags = new Set(
      files.flatMap((file) =>
        (
          JSON.parse(readFileSync(join(directory, file), "utf8")) as { events: Array<{ _tag: string }> }
        ).events.map((e) => e._tag)
      )
    )
    for (const tag of [
      "ActivityScheduled",
      "ContextSet",
      "LogRecorded",
      "StepPassed",
      "ChoiceMade",
      "WaitCompleted",
      "TaskCompleted",
      "ParallelJoined",
      "MapCompleted",
      "ChildCompleted",
      "InstanceCompleted",
      "InstanceFailed",
      "InstanceCancelled",
      "CompensationStarted",
      "IncidentResolved"
    ])
      expect(tags).toContain(tag)
  })

  for (const file of files)
    it(`${file} folds to its recorded state, also from jsonb`, () => {
      const golden = JSON.parse(readFileSync(join(directory, file), "utf8")) as {
        events: Array<unknown>
        state: unknown
      }
      for (const events of [decode(golden.events), decode(jsonbRoundTrip(golden.events))]) {
        const state = events.reduce(evolve, initialState)
        expect(stateJson(state)).toEqual(golden.state)
        // Contexts are canonical: keys in code-point order, as live decisions make them.
        for (const thread of state.threads)
          expect(JSON.stringify(thread.context)).toBe(JSON.stringify(sortKeys(thread.context)))
      }
    })
})
