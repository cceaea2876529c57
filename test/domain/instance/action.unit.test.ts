import { describe, expect, it } from "vitest"
import { at, deciderFor, instanceId, run } from "../../support/instance/fixtures.ts"
import { complete, error, fail, fire, lostHeartbeat, start } from "../../support/instance/commands.ts"

const yaml = `
name: spec
input: { type: object, properties: { id: { type: string } } }
retry: { maxAttempts: 3, initialInterval: 2s, backoffCoefficient: 2, maxInterval: 1m, jitter: 0, nonRetryable: [Fatal] }
start: charge
steps:
  charge:
    type: action
    action: charge-card
    queue: payments
    with: { id: "\${input.id}", attempt: "first" }
    output: payment
    timeout: 30s
    heartbeat: 10s
    next: done
  done: { type: succeed }
`
const { decider, given } = deciderFor(yaml)
const key = `${instanceId}/charge#1`
const scheduled = (attempt: number, seconds: number) => ({
  _tag: "ActivityScheduled" as const,
  activityId: "charge#1",
  token: "charge#1",
  step: "charge",
  attempt,
  action: "charge-card",
  queue: "payments",
  input: { attempt: "first", id: "o-1" },
  timeoutMs: 30_000,
  heartbeatMs: 10_000,
  idempotencyKey: key,
  compensation: false,
  at: at(seconds)
})
const attemptTimer = (attempt: number, seconds: number) => ({
  _tag: "TimerScheduled" as const,
  timerId: `charge#1/timeout/${attempt}`,
  purpose: "attempt-timeout" as const,
  token: "charge#1",
  dueAt: at(seconds + 30),
  at: at(seconds)
})
const started = run(decider, [start({ id: "o-1" })]).events

describe("an action step", () => {
  it("schedules attempt 1 with its rendered input, idempotency key and timeout timer when entered", () => {
    expect(started.slice(1)).toEqual([scheduled(1, 0), attemptTimer(1, 0)])
  })

  it("writes the result to its output and moves on when the attempt completes", () =>
    given(started)
      .when(complete("charge#1", 1, { id: "pay_1" }, 5))
      .then([
        { _tag: "TimerCancelled", timerId: "charge#1/timeout/1", at: at(5) },
        {
          _tag: "ActivityCompleted",
          activityId: "charge#1",
          attempt: 1,
          result: { id: "pay_1" },
          output: "payment",
          next: "done#1",
          at: at(5)
        },
        { _tag: "InstanceCompleted", output: { payment: { id: "pay_1" } }, at: at(5) }
      ]))

  it("schedules a retry after the policy's delay when an attempt fails and attempts remain", () =>
    given(started)
      .when(fail("charge#1", 1, error("Unavailable"), 5))
      .then([
        { _tag: "TimerCancelled", timerId: "charge#1/timeout/1", at: at(5) },
        {
          _tag: "ActivityFailed",
          activityId: "charge#1",
          attempt: 1,
          error: error("Unavailable"),
          at: at(5)
        },
        {
          _tag: "TimerScheduled",
          timerId: "charge#1/retry/2",
          purpose: "retry",
          token: "charge#1",
          dueAt: at(7),
          at: at(5)
        }
      ]))

  it("schedules the next attempt with the same activity id when the retry timer fires", () => {
    const history = run(decider, [start({ id: "o-1" }), fail("charge#1", 1, error("Unavailable"), 5)]).events
    given(history)
      .when(fire("charge#1/retry/2", 7))
      .then([
        { _tag: "TimerFired", timerId: "charge#1/retry/2", at: at(7) },
        scheduled(2, 7),
        attemptTimer(2, 7)
      ])
  })

  it("doubles the delay by the backoff coefficient", () => {
    const history = run(decider, [
      start({ id: "o-1" }),
      fail("charge#1", 1, error("Unavailable"), 5),
      fire("charge#1/retry/2", 7),
      fail("charge#1", 2, error("Unavailable"), 8)
    ])
    expect(history.state.timers["charge#1/retry/3"]?.dueAt).toBe(at(12))
  })

  it("fails the step when the last attempt fails", () => {
    const history = run(decider, [
      start({ id: "o-1" }),
      fail("charge#1", 1, error("Unavailable"), 5),
      fire("charge#1/retry/2", 7),
      fail("charge#1", 2, error("Unavailable"), 8),
      fire("charge#1/retry/3", 12)
    ]).events
    given(history)
      .when(fail("charge#1", 3, error("Unavailable"), 13))
      .then([
        { _tag: "TimerCancelled", timerId: "charge#1/timeout/3", at: at(13) },
        {
          _tag: "ActivityFailed",
          activityId: "charge#1",
          attempt: 3,
          error: error("Unavailable"),
          at: at(13)
        },
        {
          _tag: "StepFailed",
          token: "charge#1",
          step: "charge",
          error: error("Unavailable"),
          onExhausted: "fail",
          at: at(13)
        },
        { _tag: "InstanceFailed", error: error("Unavailable"), at: at(13) }
      ])
  })

  it("does not retry an error type the policy lists as non-retryable", () =>
    given(started)
      .when(fail("charge#1", 1, error("Fatal"), 5))
      .thenEvents((events) =>
        expect(events.map((e) => e._tag)).toEqual([
          "TimerCancelled",
          "ActivityFailed",
          "StepFailed",
          "InstanceFailed"
        ])
      ))

  it("does not retry an attempt the worker marks non-retryable", () =>
    given(started)
      .when(fail("charge#1", 1, error("Invalid"), 5, true))
      .thenEvents((events) => expect(events.map((e) => e._tag)).toContain("StepFailed")))

  it("fails the attempt with Timeout when its timeout timer fires", () =>
    given(started)
      .when(fire("charge#1/timeout/1", 30))
      .thenEvents((events) => {
        expect(events[0]).toEqual({ _tag: "TimerFired", timerId: "charge#1/timeout/1", at: at(30) })
        expect(events[1]).toMatchObject({ _tag: "ActivityFailed", attempt: 1, error: { type: "Timeout" } })
        expect(events[2]).toMatchObject({ _tag: "TimerScheduled", timerId: "charge#1/retry/2" })
      }))

  it("fails the attempt with HeartbeatTimeout when the engine reports a lost heartbeat", () =>
    given(started)
      .when(lostHeartbeat("charge#1", 1, 12))
      .thenEvents((events) =>
        expect(events[1]).toMatchObject({ _tag: "ActivityFailed", error: { type: "HeartbeatTimeout" } })
      ))

  it("decides nothing for a completion of an attempt that already completed", () => {
    const history = run(decider, [
      start({ id: "o-1" }),
      fail("charge#1", 1, error("Unavailable"), 5),
      fire("charge#1/retry/2", 7)
    ]).events
    given(history)
      .when(complete("charge#1", 1, { late: true }, 8))
      .then([])
  })

  it("decides nothing for a completion of an unknown activity", () =>
    given(started)
      .when(complete("nothing#1", 1, null, 8))
      .then([]))

  it("rejects a completion of an attempt never scheduled", () =>
    given(started)
      .when(complete("charge#1", 4, null, 8))
      .thenRejects("Expected attempt 1 or earlier of activity charge#1, but got attempt 4"))

  it("decides nothing when its retry timer fires a second time", () => {
    const history = run(decider, [
      start({ id: "o-1" }),
      fail("charge#1", 1, error("Unavailable"), 5),
      fire("charge#1/retry/2", 7)
    ]).events
    given(history).when(fire("charge#1/retry/2", 9)).then([])
  })

  it("rejects a timer fired before it is due", () =>
    given(started)
      .when(fire("charge#1/timeout/1", 10))
      .thenRejects("Expected timer charge#1/timeout/1 to fire at 2026-11-21T10:00:30.000Z or later"))
})

describe("the built-in actions", () => {
  const builtins = deciderFor(`
name: spec
context: { n: 1 }
start: bump
steps:
  bump: { type: action, action: set, with: { n: "\${context.n + 1.0}", "order.status": "open" }, next: note }
  note: { type: action, action: log, with: { message: "n is \${context.n}" }, next: idle }
  idle: { type: action, action: noop }
`)

  it("run inside the decision: set writes context paths, log is recorded, noop passes", () => {
    const { events, state } = run(builtins.decider, [start({}, { workflow: "spec" })])
    expect(events.slice(1)).toEqual([
      {
        _tag: "ContextSet",
        token: "bump#1",
        step: "bump",
        values: { n: 2, "order.status": "open" },
        next: "note#1",
        at: at(0)
      },
      {
        _tag: "LogRecorded",
        token: "note#1",
        step: "note",
        entry: { message: "n is 2" },
        next: "idle#1",
        at: at(0)
      },
      { _tag: "StepPassed", token: "idle#1", step: "idle", at: at(0) },
      { _tag: "InstanceCompleted", output: { n: 2, order: { status: "open" } }, at: at(0) }
    ])
    expect(Object.keys(state.threads[0]!.context)).toEqual(["n", "order"])
  })

  it("fail the step with ExpressionError when a template cannot be evaluated", () => {
    const broken = deciderFor(`
name: spec
start: bump
steps:
  bump: { type: action, action: set, with: { n: "\${context.missing + 1.0}" } }
`)
    const { events } = run(broken.decider, [start({})])
    expect(events[1]).toMatchObject({
      _tag: "StepFailed",
      token: "bump#1",
      error: { type: "ExpressionError" }
    })
    expect(events.at(-1)).toMatchObject({ _tag: "InstanceFailed", error: { type: "ExpressionError" } })
  })
})
