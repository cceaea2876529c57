import { describe, expect, it } from "vitest"
import type { InstanceEvent } from "../../../src/domain/instance/events/InstanceEvent.ts"
import { at, deciderFor, run } from "../../support/instance/fixtures.ts"
import { complete, error, fail, start } from "../../support/instance/commands.ts"

const definition = (join: string) => `
name: spec
retry: { maxAttempts: 1 }
start: fork
steps:
  fork:
    type: parallel
    join: ${join}
    branches:
      - { start: a, steps: { a: { type: action, action: work, output: shared, next: a2 }, a2: { type: action, action: set, with: { fromA: 1 } } } }
      - { start: b, steps: { b: { type: action, action: work, output: shared } } }
      - { start: c, steps: { c: { type: action, action: work, output: onlyC } } }
    catch: [{ errors: [Boom, JoinFailed], next: recovered }]
    next: done
  done: { type: succeed }
  recovered: { type: succeed, output: recovered }
`
const tags = (events: ReadonlyArray<InstanceEvent>) => events.map((e) => e._tag)
const forkStarted = (join: string) => {
  const { decider, given } = deciderFor(definition(join))
  return { decider, given, history: run(decider, [start({})]).events }
}

describe("a parallel step", () => {
  it("starts every branch on a copy of the context, each at its start token", () => {
    const { history } = forkStarted("all")
    expect(history[1]).toEqual({
      _tag: "ParallelStarted",
      token: "fork#1",
      step: "fork",
      join: "all",
      branches: [
        { scope: "fork#1/b0", start: "fork#1/b0/a#1" },
        { scope: "fork#1/b1", start: "fork#1/b1/b#1" },
        { scope: "fork#1/b2", start: "fork#1/b2/c#1" }
      ],
      at: at(0)
    })
    expect(
      history
        .filter((e) => e._tag === "ActivityScheduled")
        .map((e) => e._tag === "ActivityScheduled" && e.activityId)
    ).toEqual(["fork#1/b0/a#1", "fork#1/b1/b#1", "fork#1/b2/c#1"])
  })
})

describe("join: all", () => {
  it("joins once every branch completed, merging writes in declaration order, not completion order", () => {
    const { decider } = forkStarted("all")
    const { events, state } = run(decider, [
      start({}),
      complete("fork#1/b2/c#1", 1, "c", 1),
      complete("fork#1/b1/b#1", 1, "from b", 2),
      complete("fork#1/b0/a#1", 1, "from a", 3)
    ])
    expect(events.filter((e) => e._tag === "ParallelJoined")).toEqual([
      { _tag: "ParallelJoined", token: "fork#1", step: "fork", merged: [0, 1, 2], next: "done#1", at: at(3) }
    ])
    // Both a and b wrote `shared`: b is declared later, so b's value wins although a finished last.
    expect(state.output).toEqual({ fromA: 1, onlyC: "c", shared: "from b" })
  })

  it("cancels the running branches and fails when a branch fails, through the parallel's catch", () => {
    const { decider, given } = forkStarted("all")
    const history = run(decider, [start({}), complete("fork#1/b1/b#1", 1, "b", 1)]).events
    given(history)
      .when(fail("fork#1/b0/a#1", 1, error("Boom"), 2))
      .thenEvents((events) => {
        expect(tags(events)).toEqual([
          "ActivityFailed",
          "StepFailed",
          "BranchFailed",
          "ActivityCancelled",
          "BranchCancelled",
          "StepFailed",
          "ErrorCaught",
          "InstanceCompleted"
        ])
        expect(events[3]).toEqual({
          _tag: "ActivityCancelled",
          activityId: "fork#1/b2/c#1",
          attempt: 1,
          at: at(2)
        })
        expect(events[5]).toMatchObject({ _tag: "StepFailed", token: "fork#1", error: error("Boom") })
      })
  })
})

describe("join: any", () => {
  it("joins on the first completed branch and cancels the others", () => {
    const { given, history } = forkStarted("any")
    given(history)
      .when(complete("fork#1/b1/b#1", 1, "b", 1))
      .thenEvents((events, state) => {
        expect(tags(events)).toEqual([
          "ActivityCompleted",
          "BranchCompleted",
          "ActivityCancelled",
          "BranchCancelled",
          "ActivityCancelled",
          "BranchCancelled",
          "ParallelJoined",
          "InstanceCompleted"
        ])
        expect(events[6]).toMatchObject({ merged: [1] })
        expect(state.output).toEqual({ shared: "b" })
      })
  })

  it("fails with JoinFailed when every branch failed", () => {
    const { decider } = forkStarted("any")
    const { events } = run(decider, [
      start({}),
      fail("fork#1/b0/a#1", 1, error("X"), 1),
      fail("fork#1/b1/b#1", 1, error("Y"), 2),
      fail("fork#1/b2/c#1", 1, error("Z"), 3)
    ])
    expect(events.find((e) => e._tag === "StepFailed" && e.token === "fork#1")).toMatchObject({
      error: { type: "JoinFailed", message: "Expected 1 of 3 branches of fork to complete, but 3 failed" }
    })
    expect(events.at(-1)).toMatchObject({ _tag: "InstanceCompleted", output: "recovered" })
  })

  it("keeps waiting while a branch failed but another can still complete", () => {
    const { decider, given } = forkStarted("any")
    const history = run(decider, [start({})]).events
    given(history)
      .when(fail("fork#1/b0/a#1", 1, error("X"), 1))
      .thenEvents((events) => expect(tags(events)).toEqual(["ActivityFailed", "StepFailed", "BranchFailed"]))
  })
})

describe("join: n", () => {
  it("joins when n branches completed", () => {
    const { decider } = forkStarted("2")
    const { events } = run(decider, [
      start({}),
      complete("fork#1/b2/c#1", 1, "c", 1),
      complete("fork#1/b0/a#1", 1, "a", 2)
    ])
    expect(events.find((e) => e._tag === "ParallelJoined")).toMatchObject({ merged: [0, 2] })
    expect(events.filter((e) => e._tag === "BranchCancelled")).toEqual([
      { _tag: "BranchCancelled", token: "fork#1", branch: 1, at: at(2) }
    ])
  })

  it("fails as soon as n completions became impossible", () => {
    const { decider, given } = forkStarted("2")
    const history = run(decider, [start({}), fail("fork#1/b0/a#1", 1, error("X"), 1)]).events
    given(history)
      .when(fail("fork#1/b1/b#1", 1, error("Y"), 2))
      .thenEvents((events) => {
        expect(tags(events).slice(0, 6)).toEqual([
          "ActivityFailed",
          "StepFailed",
          "BranchFailed",
          "ActivityCancelled",
          "BranchCancelled",
          "StepFailed"
        ])
        expect(events[5]).toMatchObject({
          error: { type: "JoinFailed", message: "Expected 2 of 3 branches of fork to complete, but 2 failed" }
        })
      })
  })

  it("fires exactly once: a completion after the join decides nothing", () => {
    const { decider, given } = forkStarted("any")
    const history = run(decider, [start({}), complete("fork#1/b0/a#1", 1, "a", 1)]).events
    given(history)
      .when(complete("fork#1/b1/b#1", 1, "b", 2))
      .then([])
  })
})

describe("succeed and fail inside a branch", () => {
  const { decider } = deciderFor(`
name: spec
start: fork
steps:
  fork:
    type: parallel
    branches:
      - { start: ok, steps: { ok: { type: succeed, output: ignored } } }
      - { start: check, steps: { check: { type: choice, choices: [{ when: "true", next: no }] }, no: { type: fail, error: { type: Nope, message: "branch said no" } } } }
  `)

  it("end the branch, not the instance", () => {
    const { events, state } = run(decider, [start({})])
    expect(tags(events)).toEqual([
      "InstanceStarted",
      "ParallelStarted",
      "BranchCompleted",
      "ChoiceMade",
      "BranchFailed",
      "StepFailed",
      "InstanceFailed"
    ])
    expect(state.error).toEqual({ type: "Nope", message: "branch said no" })
  })
})

describe("nested parallel steps", () => {
  const { decider } = deciderFor(`
name: spec
start: outer
steps:
  outer:
    type: parallel
    branches:
      - start: inner
        steps:
          inner:
            type: parallel
            branches:
              - { start: x, steps: { x: { type: action, action: set, with: { deep: 1 } } } }
              - { start: y, steps: { y: { type: action, action: work, output: fromY } } }
      - { start: z, steps: { z: { type: action, action: set, with: { top: 2 } } } }
  `)

  it("name tokens by their path and merge inner writes into the outer branch, then into the root", () => {
    const { events, state } = run(decider, [start({}), complete("outer#1/b0/inner#1/b1/y#1", 1, "y", 1)])
    expect(events.find((e) => e._tag === "ActivityScheduled")).toMatchObject({
      activityId: "outer#1/b0/inner#1/b1/y#1"
    })
    expect(state.output).toEqual({ deep: 1, fromY: "y", top: 2 })
    expect(state.threads.map((thread) => thread.scope)).toEqual([""])
  })
})
