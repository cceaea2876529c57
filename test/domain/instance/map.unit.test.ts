import { describe, expect, it } from "vitest"
import type { InstanceEvent } from "../../../src/domain/instance/events/InstanceEvent.ts"
import { at, deciderFor, run } from "../../support/instance/fixtures.ts"
import { complete, error, fail, start } from "../../support/instance/commands.ts"

const { decider, given } = deciderFor(`
name: spec
input: { type: object, properties: { skus: { type: array, items: { type: string } } } }
retry: { maxAttempts: 1 }
limits: { maxMapItems: 5 }
start: each
steps:
  each:
    type: map
    items: "input.skus"
    concurrency: 2
    output: results
    do:
      start: pick
      steps:
        pick: { type: action, action: pick, with: { sku: "\${item}", index: "\${index}" }, output: picked, next: mark }
        mark: { type: action, action: set, with: { "seen.sku": "\${item}" } }
    catch: [{ errors: [OutOfStock], into: problem, next: short }]
    next: done
  done: { type: succeed }
  short: { type: fail, error: { type: Short, message: "\${context.problem.message}" } }
`)
const tags = (events: ReadonlyArray<InstanceEvent>) => events.map((e) => e._tag)
const started = run(decider, [start({ skus: ["a", "b", "c"] })]).events

describe("a map step", () => {
  it("records its items and starts no more than `concurrency` of them, in item order", () => {
    expect(started.slice(1)).toEqual([
      {
        _tag: "MapStarted",
        token: "each#1",
        step: "each",
        items: ["a", "b", "c"],
        concurrency: 2,
        output: "results",
        at: at(0)
      },
      { _tag: "MapItemStarted", token: "each#1", index: 0, start: "each#1/i0/pick#1", at: at(0) },
      { _tag: "MapItemStarted", token: "each#1", index: 1, start: "each#1/i1/pick#1", at: at(0) },
      expect.objectContaining({
        _tag: "ActivityScheduled",
        activityId: "each#1/i0/pick#1",
        input: { index: 0, sku: "a" }
      }),
      expect.objectContaining({
        _tag: "ActivityScheduled",
        activityId: "each#1/i1/pick#1",
        input: { index: 1, sku: "b" }
      })
    ])
  })

  it("starts the next item when one finishes", () =>
    given(started)
      .when(complete("each#1/i1/pick#1", 1, "B", 1))
      .thenEvents((events) =>
        expect(tags(events)).toEqual([
          "ActivityCompleted",
          "ContextSet",
          "MapItemCompleted",
          "MapItemStarted",
          "ActivityScheduled"
        ])
      ))

  it("reports each item's written paths as its result, in item order whatever the completion order", () => {
    const { events, state } = run(decider, [
      start({ skus: ["a", "b", "c"] }),
      complete("each#1/i1/pick#1", 1, "B", 1),
      complete("each#1/i2/pick#1", 1, "C", 2),
      complete("each#1/i0/pick#1", 1, "A", 3)
    ])
    expect(events.find((e) => e._tag === "MapItemCompleted")).toEqual({
      _tag: "MapItemCompleted",
      token: "each#1",
      index: 1,
      result: { picked: "B", seen: { sku: "b" } },
      at: at(1)
    })
    expect(state.output).toEqual({
      results: [
        { picked: "A", seen: { sku: "a" } },
        { picked: "B", seen: { sku: "b" } },
        { picked: "C", seen: { sku: "c" } }
      ]
    })
  })

  it("cancels the running items and fails through its catch when an item fails", () =>
    given(started)
      .when(fail("each#1/i0/pick#1", 1, error("OutOfStock", "no a"), 1))
      .thenEvents((events, state) => {
        expect(tags(events)).toEqual([
          "ActivityFailed",
          "StepFailed",
          "MapItemFailed",
          "ActivityCancelled",
          "MapItemCancelled",
          "StepFailed",
          "ErrorCaught",
          "InstanceFailed"
        ])
        expect(state.error).toEqual({ type: "Short", message: "no a" })
      }))

  it("completes at once over an empty list", () => {
    const { state } = run(decider, [start({ skus: [] })])
    expect(state.output).toEqual({ results: [] })
  })

  it("fails the instance when the list is longer than the budget", () => {
    const { events } = run(decider, [start({ skus: ["1", "2", "3", "4", "5", "6"] })])
    expect(events.at(-1)).toMatchObject({
      _tag: "InstanceFailed",
      error: {
        type: "BudgetExceeded",
        message: "Expected at most 5 map items (limits.maxMapItems), but each has 6"
      }
    })
  })

  it("takes an item's succeed output as its result", () => {
    const outputs = deciderFor(`
name: spec
start: each
steps:
  each:
    type: map
    items: "[1, 2]"
    output: doubled
    do: { start: out, steps: { out: { type: succeed, output: "\${item * 2.0}" } } }
`)
    expect(run(outputs.decider, [start({})]).state.output).toEqual({ doubled: [2, 4] })
  })
})
