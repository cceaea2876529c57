import { describe, expect, it } from "vitest"
import type { InstanceEvent } from "../../../src/domain/instance/events/InstanceEvent.ts"
import { at, deciderFor, run } from "../../support/instance/fixtures.ts"
import { complete, error, fail, retryIncident, signal, start } from "../../support/instance/commands.ts"

const tags = (events: ReadonlyArray<InstanceEvent>) => events.map((e) => e._tag)

describe("a failed step with a catch", () => {
  const { decider, given } = deciderFor(`
name: spec
retry: { maxAttempts: 1 }
start: charge
steps:
  charge:
    type: action
    action: charge
    catch:
      - { errors: [Declined], into: declined, next: sorry }
      - { when: "error.message.contains('later')", next: later }
    next: done
  sorry: { type: succeed, output: "\${context.declined.type}" }
  later: { type: succeed, output: later }
  done: { type: succeed }
`)
  const started = run(decider, [start({})]).events

  it("goes to the first catch whose error types match, writing the error to `into`", () =>
    given(started)
      .when(fail("charge#1", 1, error("Declined", "card declined"), 2))
      .thenEvents((events, state) => {
        expect(events.slice(1, 3)).toEqual([
          {
            _tag: "StepFailed",
            token: "charge#1",
            step: "charge",
            error: error("Declined", "card declined"),
            onExhausted: "fail",
            at: at(2)
          },
          {
            _tag: "ErrorCaught",
            token: "charge#1",
            step: "charge",
            error: error("Declined", "card declined"),
            by: "catch",
            catchIndex: 0,
            into: "declined",
            next: "sorry#1",
            at: at(2)
          }
        ])
        expect(state.output).toBe("Declined")
      }))

  it("goes to a catch whose `when` holds for the error", () =>
    given(started)
      .when(fail("charge#1", 1, error("Busy", "try later"), 2))
      .thenEvents((events) =>
        expect(events[2]).toMatchObject({ _tag: "ErrorCaught", catchIndex: 1, next: "later#1" })
      ))

  it("fails the instance when no catch matches and nothing else takes the error", () =>
    given(started)
      .when(fail("charge#1", 1, error("Other"), 2))
      .thenEvents((events) =>
        expect(tags(events)).toEqual(["ActivityFailed", "StepFailed", "InstanceFailed"])
      ))
})

describe("the workflow's onError", () => {
  const { decider, given } = deciderFor(`
name: spec
retry: { maxAttempts: 1 }
onError: cleanup
start: charge
steps:
  charge: { type: action, action: charge, next: done }
  cleanup: { type: action, action: cleanup, next: done }
  done: { type: succeed }
`)

  it("takes an error no catch took", () =>
    given(run(decider, [start({})]).events)
      .when(fail("charge#1", 1, error("Boom"), 2))
      .thenEvents((events) =>
        expect(events[2]).toEqual({
          _tag: "ErrorCaught",
          token: "charge#1",
          step: "charge",
          error: error("Boom"),
          by: "onError",
          next: "cleanup#1",
          at: at(2)
        })
      ))

  it("is taken once: a failure on its own path fails the instance", () => {
    const history = run(decider, [start({}), fail("charge#1", 1, error("Boom"), 2)]).events
    given(history)
      .when(fail("cleanup#1", 1, error("Again"), 3))
      .thenEvents((events) =>
        expect(tags(events)).toEqual(["ActivityFailed", "StepFailed", "InstanceFailed"])
      )
  })
})

describe("onExhausted: incident", () => {
  const { decider, given } = deciderFor(`
name: spec
retry: { maxAttempts: 2, initialInterval: 0s, onExhausted: incident }
start: charge
steps:
  charge: { type: action, action: charge, compensate: undo, next: check }
  check: { type: choice, choices: [{ when: "context.ok", next: done }], otherwise: done }
  undo: { type: action, action: refund }
  done: { type: succeed }
`)
  const exhausted = run(decider, [
    start({}),
    fail("charge#1", 1, error("Down"), 1),
    fail("charge#1", 2, error("Down"), 2)
  ])

  it("raises an incident at the step, non-terminal, with nothing compensated", () => {
    expect(tags(exhausted.events).slice(-2)).toEqual(["StepFailed", "IncidentRaised"])
    expect(exhausted.state.status).toBe("incident")
    expect(exhausted.events.at(-1)).toEqual({
      _tag: "IncidentRaised",
      token: "charge#1",
      step: "charge",
      error: error("Down"),
      compensation: false,
      at: at(2)
    })
  })

  it("is resolved by /retry with another attempt of the same activity and a fresh budget", () =>
    given(exhausted.events)
      .when(retryIncident(10))
      .thenEvents((events, state) => {
        expect(events[0]).toEqual({
          _tag: "IncidentResolved",
          token: "charge#1",
          commandId: "retry:10",
          at: at(10)
        })
        expect(events[1]).toMatchObject({ _tag: "ActivityScheduled", activityId: "charge#1", attempt: 3 })
        expect(state.status).toBe("running")
        expect(state.threads[0]?.at).toMatchObject({ kind: "activity", attempt: 3, roundStart: 3 })
      }))

  it("re-enters any other step as a new visit", () => {
    const history = run(decider, [start({}), complete("charge#1", 1, null, 1)]).events
    // The choice reads a missing key: an ExpressionError, raised as an incident by the workflow policy.
    expect(history.at(-1)).toMatchObject({ _tag: "IncidentRaised", token: "check#1" })
    given(history)
      .when(retryIncident(10))
      .thenEvents((events) => {
        expect(events[0]).toEqual({
          _tag: "IncidentResolved",
          token: "check#1",
          commandId: "retry:10",
          next: "check#2",
          at: at(10)
        })
        expect(events[1]).toMatchObject({ _tag: "StepFailed", token: "check#2" })
      })
  })

  it("rejects /retry when there is no incident", () =>
    given(run(decider, [start({})]).events)
      .when(retryIncident(3))
      .thenRejects("Expected an instance in incident to retry, but it is running"))

  it("decides nothing for the same /retry command again", () => {
    const retried = run(decider, [
      start({}),
      fail("charge#1", 1, error("Down"), 1),
      fail("charge#1", 2, error("Down"), 2),
      retryIncident(10)
    ]).events
    given(retried).when(retryIncident(10)).then([])
  })

  it("keeps accepting signals while in incident", () =>
    given(exhausted.events)
      .when(signal("note", null, 5, "n1"))
      .thenEvents((events) => expect(tags(events)).toEqual(["MessageBuffered"])))
})
