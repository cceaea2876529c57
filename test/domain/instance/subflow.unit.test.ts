import { describe, expect, it } from "vitest"
import { childInstanceId } from "../../../src/domain/instance/derivedIds.ts"
import { at, deciderFor, instanceId, run } from "../../support/instance/fixtures.ts"
import {
  cancel,
  childCompleted,
  childFailed,
  complete,
  error,
  fire,
  start
} from "../../support/instance/commands.ts"

const { decider, given } = deciderFor(`
name: spec
input: { type: object, properties: { id: { type: string } } }
start: child
steps:
  child: { type: subflow, workflow: payment, version: 3, input: { orderId: "\${input.id}" }, output: paid, timeout: 1h, next: done }
  done: { type: succeed }
`)
const child = childInstanceId(instanceId, "child#1", at(0))
const requested = run(decider, [start({ id: "o-1" }, { priority: "high" })]).events

describe("a subflow step", () => {
  it("requests a child with a derived UUIDv7 id whose time is the decision's", () => {
    expect(child).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(Number.parseInt(child.replace(/-/g, "").slice(0, 12), 16)).toBe(at(0))
    expect(requested.slice(1)).toEqual([
      {
        _tag: "ChildStartRequested",
        token: "child#1",
        step: "child",
        childInstanceId: child,
        workflow: "payment",
        version: 3,
        input: { orderId: "o-1" },
        priority: "high",
        commandId: `start:${child}`,
        at: at(0)
      },
      {
        _tag: "TimerScheduled",
        timerId: "child#1/timeout",
        purpose: "subflow-timeout",
        token: "child#1",
        dueAt: at(3600),
        at: at(0)
      }
    ])
  })

  it("writes the child's output and moves on when the child completes", () =>
    given(requested)
      .when(childCompleted(child, { receipt: 7 }, 5))
      .then([
        { _tag: "TimerCancelled", timerId: "child#1/timeout", at: at(5) },
        {
          _tag: "ChildCompleted",
          token: "child#1",
          childInstanceId: child,
          output: { receipt: 7 },
          into: "paid",
          next: "done#1",
          at: at(5)
        },
        { _tag: "InstanceCompleted", output: { paid: { receipt: 7 } }, at: at(5) }
      ]))

  it("fails the step with the child's error when the child fails", () =>
    given(requested)
      .when(childFailed(child, error("Declined"), 5))
      .thenEvents((events) =>
        expect(events.slice(1, 3)).toEqual([
          {
            _tag: "ChildFailed",
            token: "child#1",
            childInstanceId: child,
            error: error("Declined"),
            at: at(5)
          },
          {
            _tag: "StepFailed",
            token: "child#1",
            step: "child",
            error: error("Declined"),
            onExhausted: "fail",
            at: at(5)
          }
        ])
      ))

  it("decides nothing for a result of a child it no longer waits for", () => {
    const history = run(decider, [start({ id: "o-1" }), childCompleted(child, {}, 5)]).events
    given(history)
      .when(childFailed(child, error("Late"), 6))
      .then([])
  })

  it("cancels the child and fails with Timeout when its timeout fires", () =>
    given(requested)
      .when(fire("child#1/timeout", 3600))
      .thenEvents((events) =>
        expect(events.slice(1, 3)).toEqual([
          {
            _tag: "ChildCancelRequested",
            token: "child#1",
            childInstanceId: child,
            commandId: `cancel:${child}`,
            at: at(3600)
          },
          expect.objectContaining({ _tag: "StepFailed", error: expect.objectContaining({ type: "Timeout" }) })
        ])
      ))

  it("asks the child to cancel when the parent is cancelled", () =>
    given(requested)
      .when(cancel({ seconds: 5 }))
      .thenEvents((events) =>
        expect(events).toContainEqual({
          _tag: "ChildCancelRequested",
          token: "child#1",
          childInstanceId: child,
          commandId: `cancel:${child}`,
          at: at(5)
        })
      ))
})

describe("a child instance", () => {
  const childFlow = deciderFor(`
name: spec
start: work
steps:
  work: { type: action, action: work, output: result }
`)
  const parent = { instanceId: "0190a6e0-0000-7000-8000-0000000000aa", token: "child#1" }

  it("reports its result to its parent before it ends", () => {
    const history = run(childFlow.decider, [start({}, { parent })]).events
    childFlow
      .given(history)
      .when(complete("work#1", 1, 42, 3))
      .thenEvents((events) =>
        expect(events.slice(-2)).toEqual([
          {
            _tag: "ParentNotified",
            parent,
            childInstanceId: instanceId,
            outcome: "completed",
            output: { result: 42 },
            commandId: `result:${instanceId}`,
            at: at(3)
          },
          { _tag: "InstanceCompleted", output: { result: 42 }, at: at(3) }
        ])
      )
  })
})
