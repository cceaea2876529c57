import { describe, expect, it } from "vitest"
import { at, deciderFor, run } from "../../support/instance/fixtures.ts"
import { cancel, event, fire, signal, start } from "../../support/instance/commands.ts"

const { decider, given } = deciderFor(`
name: spec
input: { type: object, properties: { orderId: { type: string } } }
limits: { bufferTtl: 1h, maxBufferedMessages: 2 }
start: first
steps:
  first: { type: wait, signal: go, timeout: 10m, onTimeout: late, into: approval, next: delivery }
  delivery: { type: wait, event: parcel_delivered, correlate: "input.orderId", timeout: 7d, into: parcel, next: pause }
  pause: { type: wait, for: 90s, next: until }
  until: { type: wait, until: "2026-11-21T12:00:00Z", next: done }
  late: { type: fail, error: { type: Late } }
  done: { type: succeed }
`)
const started = run(decider, [start({ orderId: "o-1" })]).events

describe("a signal wait", () => {
  it("records what it waits for and schedules its timeout when entered", () =>
    expect(started.slice(1)).toEqual([
      {
        _tag: "WaitEntered",
        token: "first#1",
        step: "first",
        waitFor: { kind: "signal", name: "go" },
        timeoutAt: at(600),
        at: at(0)
      },
      {
        _tag: "TimerScheduled",
        timerId: "first#1/timeout",
        purpose: "wait-timeout",
        token: "first#1",
        dueAt: at(600),
        at: at(0)
      }
    ]))

  it("completes with the payload in `into` when the signal arrives", () =>
    given(started)
      .when(signal("go", { ok: true }, 5, "s1"))
      .thenEvents((events) =>
        expect(events.slice(0, 2)).toEqual([
          { _tag: "TimerCancelled", timerId: "first#1/timeout", at: at(5) },
          {
            _tag: "WaitCompleted",
            token: "first#1",
            step: "first",
            via: "signal",
            messageId: "s1",
            payload: { ok: true },
            into: "approval",
            next: "delivery#1",
            at: at(5)
          }
        ])
      ))

  it("buffers a signal nobody waits for yet", () =>
    given(started)
      .when(signal("later", { x: 1 }, 5, "s2"))
      .then([
        {
          _tag: "MessageBuffered",
          messageId: "s2",
          kind: "signal",
          name: "later",
          payload: { x: 1 },
          commandId: "s2",
          expiresAt: at(3605),
          at: at(5)
        }
      ]))

  it("decides nothing for the same signal command again", () => {
    const history = run(decider, [start({ orderId: "o-1" }), signal("later", 1, 5, "s2")]).events
    given(history)
      .when(signal("later", 1, 6, "s2"))
      .then([])
  })

  it("follows onTimeout when the timeout fires", () =>
    given(started)
      .when(fire("first#1/timeout", 600))
      .thenEvents((events) =>
        expect(events.slice(0, 2)).toEqual([
          { _tag: "TimerFired", timerId: "first#1/timeout", at: at(600) },
          { _tag: "WaitTimedOut", token: "first#1", step: "first", next: "late#1", at: at(600) }
        ])
      ))

  it("decides nothing when a cancelled timeout fires late", () => {
    const history = run(decider, [start({ orderId: "o-1" }), signal("go", null, 5, "s1")]).events
    given(history).when(fire("first#1/timeout", 600)).then([])
  })

  it("rejects a signal to a finished instance", () => {
    const history = run(decider, [start({ orderId: "o-1" }), cancel()]).events
    given(history)
      .when(signal("go", null, 5))
      .thenRejects("Expected a running instance to signal go, but it is cancelled")
  })

  it("fails the instance when the buffer is full", () => {
    const history = run(decider, [
      start({ orderId: "o-1" }),
      signal("a", 1, 1, "a"),
      signal("b", 1, 2, "b")
    ]).events
    given(history)
      .when(signal("c", 1, 3, "c"))
      .thenEvents((events) =>
        expect(events.at(-1)).toMatchObject({
          _tag: "InstanceFailed",
          error: {
            type: "BudgetExceeded",
            message: expect.stringContaining("Expected at most 2 buffered messages")
          }
        })
      )
  })
})

describe("an event wait", () => {
  const waiting = run(decider, [start({ orderId: "o-1" }), signal("go", null, 5, "s1")]).events

  it("computes and records its correlation key when entered", () =>
    expect(waiting.find((e) => e._tag === "WaitEntered" && e.step === "delivery")).toEqual({
      _tag: "WaitEntered",
      token: "delivery#1",
      step: "delivery",
      waitFor: { kind: "event", type: "parcel_delivered", correlation: "o-1" },
      timeoutAt: at(5 + 7 * 86400),
      at: at(5)
    }))

  it("takes an event with its type and key", () =>
    given(waiting)
      .when(event("parcel_delivered", "o-1", { at: "door" }, 9, "e9"))
      .thenEvents((events) =>
        expect(events[1]).toEqual({
          _tag: "WaitCompleted",
          token: "delivery#1",
          step: "delivery",
          via: "event",
          messageId: "carrier/e9",
          payload: { at: "door" },
          into: "parcel",
          next: "pause#1",
          at: at(9)
        })
      ))

  it("buffers an event with another key", () =>
    given(waiting)
      .when(event("parcel_delivered", "o-2", {}, 9))
      .thenEvents((events) => expect(events.map((e) => e._tag)).toEqual(["MessageBuffered"])))

  it("fails the step with Timeout when it times out without onTimeout", () =>
    given(waiting)
      .when(fire("delivery#1/timeout", 5 + 7 * 86400))
      .thenEvents((events) =>
        expect(events[1]).toMatchObject({
          _tag: "StepFailed",
          token: "delivery#1",
          error: { type: "Timeout" }
        })
      ))
})

describe("a message that arrives before its wait", () => {
  it("is kept and consumed when the wait is entered, with no WaitEntered", () => {
    const history = run(decider, [
      start({ orderId: "o-1" }),
      event("parcel_delivered", "o-1", { early: true }, 2, "e2")
    ]).events
    given(history)
      .when(signal("go", null, 5, "s1"))
      .thenEvents((events, state) => {
        const consumed = events.find((e) => e._tag === "WaitCompleted" && e.step === "delivery")
        expect(consumed).toMatchObject({ via: "event", messageId: "carrier/e2", payload: { early: true } })
        expect(events.some((e) => e._tag === "WaitEntered" && e.step === "delivery")).toBe(false)
        expect(state.buffer).toEqual([])
      })
  })

  it("is dropped once its time to live passed", () => {
    const history = run(decider, [
      start({ orderId: "o-1" }),
      event("parcel_delivered", "o-1", {}, 2, "e2")
    ]).events
    given(history)
      .when(signal("go", null, 3700, "s1"))
      .thenEvents((events) => {
        expect(events).toContainEqual({ _tag: "MessagesExpired", messageIds: ["carrier/e2"], at: at(3700) })
        expect(events.at(-1)).toMatchObject({ _tag: "TimerScheduled", timerId: "delivery#1/timeout" })
      })
  })
})

describe("a sleep", () => {
  const sleeping = run(decider, [
    start({ orderId: "o-1" }),
    signal("go", null, 5, "s1"),
    event("parcel_delivered", "o-1", {}, 10, "e10")
  ]).events

  it("waits `for` a duration on a timer", () =>
    expect(sleeping.slice(-2)).toEqual([
      {
        _tag: "WaitEntered",
        token: "pause#1",
        step: "pause",
        waitFor: { kind: "time", until: at(100) },
        at: at(10)
      },
      {
        _tag: "TimerScheduled",
        timerId: "pause#1/sleep",
        purpose: "sleep",
        token: "pause#1",
        dueAt: at(100),
        at: at(10)
      }
    ]))

  it("rejects the timer before it is due", () =>
    given(sleeping).when(fire("pause#1/sleep", 99)).thenRejects("Expected timer pause#1/sleep to fire at"))

  it("waits `until` an instant and completes when its timer fires", () =>
    given(sleeping)
      .when(fire("pause#1/sleep", 100))
      .thenEvents((events, state) => {
        expect(events.slice(1)).toEqual([
          {
            _tag: "WaitCompleted",
            token: "pause#1",
            step: "pause",
            via: "time",
            next: "until#1",
            at: at(100)
          },
          {
            _tag: "WaitEntered",
            token: "until#1",
            step: "until",
            waitFor: { kind: "time", until: at(7200) },
            at: at(100)
          },
          {
            _tag: "TimerScheduled",
            timerId: "until#1/sleep",
            purpose: "sleep",
            token: "until#1",
            dueAt: at(7200),
            at: at(100)
          }
        ])
        expect(state.timers["until#1/sleep"]).toBeDefined()
      }))

  it("passes at once when its instant is already past", () => {
    const past = deciderFor(`
name: spec
start: until
steps:
  until: { type: wait, until: "2020-01-01T00:00:00+01:00", next: done }
  done: { type: succeed }
`)
    expect(run(past.decider, [start({})]).state.status).toBe("completed")
  })
})
