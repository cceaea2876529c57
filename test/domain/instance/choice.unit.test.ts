import { describe, expect, it } from "vitest"
import { at, deciderFor, run } from "../../support/instance/fixtures.ts"
import { complete, start } from "../../support/instance/commands.ts"

const { given } = deciderFor(`
name: spec
input: { type: object, properties: { total: { type: number } } }
context: { count: 0 }
start: route
steps:
  route:
    type: choice
    choices:
      - { when: "input.total > 1000.0", next: big }
      - { when: "input.total > 100.0", next: medium }
    otherwise: small
  big: { type: succeed, output: big }
  medium: { type: succeed, output: medium }
  small: { type: succeed, output: small }
`)

describe("a choice step", () => {
  it("takes the first choice whose condition holds and records it", () =>
    given([])
      .when(start({ total: 5000 }))
      .thenEvents((events) =>
        expect(events.slice(1)).toEqual([
          { _tag: "ChoiceMade", token: "route#1", step: "route", choice: 0, next: "big#1", at: at(0) },
          { _tag: "InstanceCompleted", output: "big", at: at(0) }
        ])
      ))

  it("checks the choices in order", () =>
    given([])
      .when(start({ total: 500 }))
      .thenEvents((events) => expect(events[1]).toMatchObject({ choice: 1, next: "medium#1" })))

  it("follows otherwise when no condition holds", () =>
    given([])
      .when(start({ total: 5 }))
      .thenEvents((events) => expect(events[1]).toMatchObject({ choice: null, next: "small#1" })))

  it("ends the path when no condition holds and there is no otherwise", () => {
    const open = deciderFor(`
name: spec
start: route
steps:
  route: { type: choice, choices: [{ when: "false", next: never }] }
  never: { type: succeed }
`)
    const { events } = run(open.decider, [start({})])
    expect(events.slice(1)).toEqual([
      { _tag: "ChoiceMade", token: "route#1", step: "route", choice: null, at: at(0) },
      { _tag: "InstanceCompleted", output: {}, at: at(0) }
    ])
  })

  it("fails the step with ExpressionError when a condition is not a boolean", () => {
    const broken = deciderFor(`
name: spec
input: { type: object, properties: { total: { type: number } } }
start: route
steps:
  route: { type: choice, choices: [{ when: "input.total", next: done }], otherwise: done }
  done: { type: succeed }
`)
    const { events } = run(broken.decider, [start({ total: 1 })])
    expect(events[1]).toMatchObject({ _tag: "StepFailed", error: { type: "ExpressionError" } })
  })
})

describe("a loop through a choice", () => {
  const loop = deciderFor(`
name: spec
context: { count: 0 }
start: work
steps:
  work: { type: action, action: work, next: bump }
  bump: { type: action, action: set, with: { count: "\${context.count + 1.0}" }, next: again }
  again:
    type: choice
    choices: [{ when: "context.count < 3.0", next: work }]
    otherwise: done
  done: { type: succeed }
`)

  it("gives every visit a new token, so activity ids never collide", () => {
    const { events, state } = run(loop.decider, [
      start({}),
      complete("work#1", 1, null),
      complete("work#2", 1, null),
      complete("work#3", 1, null)
    ])
    const scheduled = events
      .filter((e) => e._tag === "ActivityScheduled")
      .map((e) => e._tag === "ActivityScheduled" && e.activityId)
    expect(scheduled).toEqual(["work#1", "work#2", "work#3"])
    expect(state.status).toBe("completed")
    expect(state.output).toEqual({ count: 3 })
  })

  it("stops a loop that needs nothing from outside at the transition budget", () => {
    const spin = deciderFor(`
name: spec
context: { count: 0 }
limits: { maxTransitions: 50 }
start: bump
steps:
  bump: { type: action, action: set, with: { count: "\${context.count + 1.0}" }, next: again }
  again:
    type: choice
    choices: [{ when: "context.count < 1000.0", next: bump }]
    otherwise: done
  done: { type: succeed }
`)
    const { events, state } = run(spin.decider, [start({})])
    expect(state.status).toBe("failed")
    expect(events.at(-1)).toMatchObject({
      _tag: "InstanceFailed",
      error: {
        type: "BudgetExceeded",
        message: expect.stringContaining("Expected at most 50 transitions in one decision")
      }
    })
  })
})
