import { describe, expect, it } from "vitest"
import { at, deciderFor, instanceId, run } from "../../support/instance/fixtures.ts"
import { fire, start } from "../../support/instance/commands.ts"

const { decider, definition, given } = deciderFor(`
name: spec
input: { type: object, required: [id], properties: { id: { type: string }, n: { type: integer } } }
context: { status: new, b: 1, a: 2 }
timeout: 1h
start: wait
steps:
  wait: { type: wait, signal: go }
`)

describe("a new instance", () => {
  it("starts pinned to the published version, with its initial context sorted, and enters the start step", () =>
    given([])
      .when(start({ id: "o-1", n: 2 }, { clientId: "order-1", priority: "high" }))
      .then([
        {
          _tag: "InstanceStarted",
          instanceId,
          workflow: { name: "spec", version: 1, contentHash: definition.contentHash },
          clientId: "order-1",
          commandId: "start",
          input: { id: "o-1", n: 2 },
          priority: "high",
          context: { a: 2, b: 1, status: "new" },
          start: "wait#1",
          at: at(0)
        },
        {
          _tag: "TimerScheduled",
          timerId: "timeout",
          purpose: "workflow-timeout",
          dueAt: at(3600),
          at: at(0)
        },
        {
          _tag: "WaitEntered",
          token: "wait#1",
          step: "wait",
          waitFor: { kind: "signal", name: "go" },
          at: at(0)
        }
      ]))

  it("takes priority medium when the command names none", () =>
    given([])
      .when(start({ id: "o-1" }))
      .thenState((state) => expect(state.priority).toBe("medium")))

  it("rejects an input that breaks the input schema, with the path", () =>
    given([])
      .when(start({ n: 1.5 }))
      .thenRejects("Expected an input matching the input schema, but input"))

  it("rejects a command naming another workflow version", () =>
    given([])
      .when(start({ id: "o-1" }, { version: 2 }))
      .thenRejects("Expected spec version 1, but the command names spec version 2"))

  it("decides nothing for a timer before it is started", () => given([]).when(fire("timeout", 10)).then([]))
})

describe("a started instance", () => {
  const started = run(decider, [start({ id: "o-1" }, { clientId: "order-1" })]).events

  it("decides nothing for the same start again", () =>
    given(started)
      .when(start({ id: "o-1" }))
      .then([]))

  it("decides nothing for another start with the same client id (an alias)", () =>
    given(started)
      .when(start({ id: "o-2" }, { clientId: "order-1", commandId: "other" }))
      .then([]))

  it("rejects another start", () =>
    given(started)
      .when(start({ id: "o-2" }, { commandId: "other" }))
      .thenRejects(`Expected a new instance, but ${instanceId} was started already`))

  it("fails with Timeout when the workflow timeout fires", () =>
    given(started)
      .when(fire("timeout", 3600))
      .then([
        { _tag: "TimerFired", timerId: "timeout", at: at(3600) },
        {
          _tag: "InstanceFailed",
          error: {
            type: "Timeout",
            message: "Expected the instance to end by 2026-11-21T11:00:00.000Z, but it was still running"
          },
          at: at(3600)
        }
      ]))
})
