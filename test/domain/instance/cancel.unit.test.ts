import { describe, expect, it } from "vitest"
import { at, deciderFor, run } from "../../support/instance/fixtures.ts"
import { cancel, complete, start } from "../../support/instance/commands.ts"

const { decider, given } = deciderFor(`
name: spec
timeout: 1d
start: fork
steps:
  fork:
    type: parallel
    branches:
      - { start: work, steps: { work: { type: action, action: work, timeout: 1m } } }
      - { start: ask, steps: { ask: { type: human, role: clerk, remind: [1h] } } }
      - { start: pause, steps: { pause: { type: wait, signal: go, timeout: 1h } } }
      - { start: sub, steps: { sub: { type: subflow, workflow: child } } }
`)
const running = run(decider, [start({})])

describe("cancelling an instance", () => {
  it("cancels every pending attempt, timer, task and child, then ends cancelled", () =>
    given(running.events)
      .when(cancel({ reason: "stop", seconds: 5 }))
      .thenEvents((events, state) => {
        const child = Object.keys(running.state.children)[0]
        expect(events).toEqual([
          { _tag: "ActivityCancelled", activityId: "fork#1/b0/work#1", attempt: 1, at: at(5) },
          { _tag: "TimerCancelled", timerId: "fork#1/b0/work#1/timeout/1", at: at(5) },
          { _tag: "BranchCancelled", token: "fork#1", branch: 0, at: at(5) },
          { _tag: "TimerCancelled", timerId: "fork#1/b1/ask#1/remind/0", at: at(5) },
          { _tag: "TaskCancelled", taskId: "fork#1/b1/ask#1", at: at(5) },
          { _tag: "BranchCancelled", token: "fork#1", branch: 1, at: at(5) },
          { _tag: "TimerCancelled", timerId: "fork#1/b2/pause#1/timeout", at: at(5) },
          { _tag: "BranchCancelled", token: "fork#1", branch: 2, at: at(5) },
          {
            _tag: "ChildCancelRequested",
            token: "fork#1/b3/sub#1",
            childInstanceId: child,
            commandId: `cancel:${child}`,
            at: at(5)
          },
          { _tag: "BranchCancelled", token: "fork#1", branch: 3, at: at(5) },
          { _tag: "TimerCancelled", timerId: "timeout", at: at(5) },
          { _tag: "InstanceCancelled", reason: "stop", at: at(5) }
        ])
        expect(state.timers).toEqual({})
        expect(state.status).toBe("cancelled")
      }))

  it("decides nothing when cancelled again", () => {
    const cancelled = run(decider, [cancel({ seconds: 5 })], running.events).events
    given(cancelled)
      .when(cancel({ seconds: 6 }))
      .then([])
  })

  it("refuses to cancel a completed instance", () => {
    const simple = deciderFor(`
name: spec
start: done
steps:
  done: { type: succeed }
`)
    simple
      .given(run(simple.decider, [start({})]).events)
      .when(cancel())
      .thenRejects("Expected a running instance to cancel, but it is completed")
  })

  it("absorbs every later completion once cancelled", () => {
    const cancelled = run(decider, [cancel({ seconds: 5 })], running.events).events
    given(cancelled)
      .when(complete("fork#1/b0/work#1", 1, null, 6))
      .then([])
  })
})
