import { describe, expect, it } from "vitest"
import type { InstanceCommand } from "../../../src/domain/instance/commands/InstanceCommand.ts"
import { RejectionReason } from "../../../src/domain/instance/InstanceRejection.ts"
import type { InstanceRejection } from "../../../src/domain/instance/InstanceRejection.ts"
import { deciderFor, run } from "../../support/instance/fixtures.ts"
import {
  cancel,
  claim,
  complete,
  completeTask,
  error,
  fail,
  fire,
  person,
  release,
  retryIncident,
  signal,
  start
} from "../../support/instance/commands.ts"

const { decider, given } = deciderFor(`
name: spec
input: { type: object, required: [id], properties: { id: { type: string } } }
start: charge
steps:
  charge: { type: action, action: charge, retry: { maxAttempts: 1, onExhausted: incident }, compensate: undo, next: ask }
  ask:
    type: human
    role: clerk
    form: { type: object, required: [ok], properties: { ok: { type: boolean } } }
    outcomes: { yes: pause, no: pause }
  pause: { type: wait, for: 1h, next: last }
  last: { type: action, action: last, retry: { maxAttempts: 1 } }
  undo: { type: action, action: undo }
`)
const ann = person("ann", "clerk")
const started = run(decider, [start({ id: "o" })]).events
const asking = run(decider, [complete("charge#1", 1, null, 1)], started).events
const claimed = run(decider, [claim("ask#1", ann, 2)], asking).events
const pausing = run(decider, [completeTask("ask#1", ann, { ok: true }, "yes", 3)], claimed).events
const compensating = run(
  decider,
  [fire("pause#1/sleep", 3603), fail("last#1", 1, error("X"), 3604)],
  pausing
).events

/** Every reason a command can be refused for, each with a situation that shows it. */
const cases: Record<
  RejectionReason,
  readonly [ReadonlyArray<(typeof started)[number]>, InstanceCommand, string]
> = {
  "not-started": [[], signal("go", null), "Expected a started instance to signal go, but it has not started"],
  "already-started": [started, start({ id: "o" }, { commandId: "again" }), "Expected a new instance, but"],
  "wrong-workflow": [
    [],
    start({ id: "o" }, { version: 7 }),
    "Expected spec version 1, but the command names spec version 7"
  ],
  "invalid-input": [[], start({}), "Expected an input matching the input schema, but input"],
  finished: [
    run(decider, [cancel({ seconds: 1 })], started).events,
    signal("go", null, 2),
    "but it is cancelled"
  ],
  ending: [
    compensating,
    signal("go", null, 3605),
    "Expected a running instance to signal go, but it is compensating before it ends"
  ],
  "unknown-attempt": [
    started,
    complete("charge#1", 2, null),
    "Expected attempt 1 or earlier of activity charge#1, but got attempt 2"
  ],
  "timer-not-due": [pausing, fire("pause#1/sleep", 10), "Expected timer pause#1/sleep to fire at"],
  "task-not-open": [started, claim("ask#1", ann), "Expected an open task ask#1, but there is none"],
  "not-eligible": [
    asking,
    claim("ask#1", person("bob", "sales"), 2),
    "Expected a member of clerk to act on task ask#1, but bob is not"
  ],
  "task-claimed": [
    claimed,
    claim("ask#1", person("cy", "clerk"), 3),
    "Expected task ask#1 to be unclaimed, but ann claimed it"
  ],
  "not-claimant": [
    asking,
    release("ask#1", ann, 2),
    "Expected ann to have claimed task ask#1, but nobody has"
  ],
  "invalid-form-data": [
    claimed,
    completeTask("ask#1", ann, { ok: "yes" }, "yes", 3),
    "Expected form data matching the form, but data.ok"
  ],
  "unknown-outcome": [
    claimed,
    completeTask("ask#1", ann, { ok: true }, undefined, 3),
    "Expected one of the outcomes no, yes, but got none"
  ],
  "not-in-incident": [
    started,
    retryIncident(2),
    "Expected an instance in incident to retry, but it is running"
  ],
  "invalid-payload": [
    started,
    complete("charge#1", 1, { text: "nul\u0000" }),
    "Expected a result jsonb can store, but"
  ]
}

describe("a refused command", () => {
  it("has a case here for every rejection reason", () =>
    expect(Object.keys(cases).sort()).toEqual([...RejectionReason.literals].sort()))

  for (const [reason, [history, command, message]] of Object.entries(cases))
    it(`is refused as ${reason}, with "Expected …, but …"`, () =>
      given(history)
        .when(command)
        .thenRejects((rejection: InstanceRejection) => {
          expect(rejection.reason).toBe(reason)
          expect(rejection.message).toContain(message)
          expect(rejection.message).toMatch(/^Expected .+, but .+/)
        }))
})
