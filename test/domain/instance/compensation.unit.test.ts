import { describe, expect, it } from "vitest"
import type { InstanceEvent } from "../../../src/domain/instance/events/InstanceEvent.ts"
import { at, deciderFor, instanceId, run } from "../../support/instance/fixtures.ts"
import { cancel, complete, error, fail, fire, retryIncident, start } from "../../support/instance/commands.ts"

const { decider, given } = deciderFor(`
name: spec
retry: { maxAttempts: 1 }
start: charge
steps:
  charge: { type: action, action: charge, output: payment, compensate: refund, next: reserve }
  reserve: { type: action, action: reserve, compensate: release, next: fork }
  fork:
    type: parallel
    branches:
      - { start: label, steps: { label: { type: action, action: label, compensate: unlabel }, unlabel: { type: action, action: set, with: { unlabelled: true } } } }
      - { start: mail, steps: { mail: { type: action, action: mail } } }
    next: ship
  ship: { type: action, action: ship, next: done }
  refund:
    type: action
    action: refund
    with: { payment: "\${context.payment.id}" }
    retry: { maxAttempts: 2, initialInterval: 5s, jitter: 0 }
    next: done
  release: { type: action, action: release }
  done: { type: succeed }
`)
const tags = (events: ReadonlyArray<InstanceEvent>) => events.map((e) => e._tag)
const shipping = run(decider, [
  start({}),
  complete("charge#1", 1, { id: "pay_1" }, 1),
  complete("reserve#1", 1, null, 2),
  complete("fork#1/b0/label#1", 1, null, 3),
  complete("fork#1/b1/mail#1", 1, null, 4)
])

describe("compensation", () => {
  it("registers each completed step with compensate, including branch steps, in completion order", () =>
    expect(shipping.state.compensations.map((r) => [r.token, r.step])).toEqual([
      ["charge#1", "refund"],
      ["reserve#1", "release"],
      ["fork#1/b0/label#1", "unlabel"]
    ]))

  it("runs the most recent first, one at a time, before the terminal event", () =>
    given(shipping.events)
      .when(fail("ship#1", 1, error("Lost"), 5))
      .thenEvents((events) => {
        expect(tags(events)).toEqual([
          "ActivityFailed",
          "StepFailed",
          "CompensationStarted",
          "ContextSet",
          "ActivityScheduled"
        ])
        expect(events[2]).toEqual({
          _tag: "CompensationStarted",
          cause: { kind: "failed", error: error("Lost") },
          at: at(5)
        })
        // unlabel is a `set`: it runs inside the decision; release is the next one, an activity.
        expect(events[3]).toMatchObject({
          token: "fork#1/b0/label#1/comp/unlabel#1",
          values: { unlabelled: true }
        })
        expect(events[4]).toEqual({
          _tag: "ActivityScheduled",
          activityId: "reserve#1/comp/release#1",
          token: "reserve#1/comp/release#1",
          step: "release",
          attempt: 1,
          action: "release",
          input: {},
          idempotencyKey: `${instanceId}/reserve#1/comp/release#1`,
          compensation: true,
          at: at(5)
        })
      }))

  const compensating = run(decider, [...[], fail("ship#1", 1, error("Lost"), 5)], shipping.events)

  it("starts the next compensation only when the previous one completed, rendered against the context as it is now", () =>
    given(compensating.events)
      .when(complete("reserve#1/comp/release#1", 1, null, 6))
      .thenEvents((events) => {
        expect(tags(events)).toEqual(["ActivityCompleted", "ActivityScheduled"])
        expect(events[0]).toEqual({
          _tag: "ActivityCompleted",
          activityId: "reserve#1/comp/release#1",
          attempt: 1,
          result: null,
          at: at(6)
        })
        expect(events[1]).toMatchObject({ activityId: "charge#1/comp/refund#1", input: { payment: "pay_1" } })
      }))

  it("retries a compensation by its own policy and ends failed after the last, without following its next", () => {
    const refunding = run(
      decider,
      [complete("reserve#1/comp/release#1", 1, null, 6), fail("charge#1/comp/refund#1", 1, error("Busy"), 7)],
      compensating.events
    )
    expect(refunding.events.at(-1)).toEqual({
      _tag: "TimerScheduled",
      timerId: "charge#1/comp/refund#1/retry/2",
      purpose: "retry",
      token: "charge#1/comp/refund#1",
      dueAt: at(12),
      at: at(7)
    })
    const done = run(
      decider,
      [fire("charge#1/comp/refund#1/retry/2", 12), complete("charge#1/comp/refund#1", 2, null, 13)],
      refunding.events
    )
    expect(tags(done.events.slice(-2))).toEqual(["ActivityCompleted", "InstanceFailed"])
    expect(done.state.error).toEqual(error("Lost"))
  })

  it("raises an incident when a compensation exhausts its retries, and /retry resumes it", () => {
    const stuck = run(
      decider,
      [
        complete("reserve#1/comp/release#1", 1, null, 6),
        fail("charge#1/comp/refund#1", 1, error("Busy"), 7),
        fire("charge#1/comp/refund#1/retry/2", 12),
        fail("charge#1/comp/refund#1", 2, error("Busy"), 13)
      ],
      compensating.events
    )
    expect(stuck.events.at(-1)).toEqual({
      _tag: "IncidentRaised",
      token: "charge#1/comp/refund#1",
      step: "refund",
      error: error("Busy"),
      compensation: true,
      at: at(13)
    })
    expect(stuck.state.status).toBe("incident")
    given(stuck.events)
      .when(retryIncident(20))
      .thenEvents((events) =>
        expect(events[1]).toMatchObject({
          _tag: "ActivityScheduled",
          activityId: "charge#1/comp/refund#1",
          attempt: 3,
          compensation: true
        })
      )
  })

  it("runs on cancel with compensate: true, and ends cancelled", () => {
    const partway = run(decider, [start({}), complete("charge#1", 1, { id: "pay_1" }, 1)])
    given(partway.events)
      .when(cancel({ compensate: true, reason: "customer asked", seconds: 3 }))
      .thenEvents((events) => {
        expect(tags(events)).toEqual(["ActivityCancelled", "CompensationStarted", "ActivityScheduled"])
        expect(events[1]).toEqual({
          _tag: "CompensationStarted",
          cause: { kind: "cancelled", reason: "customer asked" },
          at: at(3)
        })
      })
    const cancelled = run(
      decider,
      [cancel({ compensate: true, seconds: 3 }), complete("charge#1/comp/refund#1", 1, null, 4)],
      partway.events
    )
    expect(cancelled.events.at(-1)).toEqual({ _tag: "InstanceCancelled", at: at(4) })
  })

  it("does not run on cancel without compensate", () => {
    const partway = run(decider, [start({}), complete("charge#1", 1, { id: "pay_1" }, 1)])
    given(partway.events)
      .when(cancel({ seconds: 3 }))
      .then([
        { _tag: "ActivityCancelled", activityId: "reserve#1", attempt: 1, at: at(3) },
        { _tag: "InstanceCancelled", at: at(3) }
      ])
  })

  it("does not run when the instance completes", () => {
    const done = run(decider, [complete("ship#1", 1, null, 5)], shipping.events)
    expect(done.state.status).toBe("completed")
    expect(tags(done.events.slice(-2))).toEqual(["ActivityCompleted", "InstanceCompleted"])
  })

  it("fails at once when nothing is registered", () => {
    const early = run(decider, [start({})])
    given(early.events)
      .when(fail("charge#1", 1, error("No"), 1))
      .thenEvents((events) =>
        expect(tags(events)).toEqual(["ActivityFailed", "StepFailed", "InstanceFailed"])
      )
  })

  it("is stopped by a cancel without compensation, and refused with compensation", () => {
    given(compensating.events)
      .when(cancel({ compensate: true, seconds: 6 }))
      .thenRejects("Expected an instance that is not compensating")
    given(compensating.events)
      .when(cancel({ seconds: 6 }))
      .then([
        { _tag: "ActivityCancelled", activityId: "reserve#1/comp/release#1", attempt: 1, at: at(6) },
        { _tag: "InstanceCancelled", at: at(6) }
      ])
  })
})
