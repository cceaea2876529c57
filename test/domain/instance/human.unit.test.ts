import { describe, expect, it } from "vitest"
import { at, deciderFor, run } from "../../support/instance/fixtures.ts"
import {
  claim,
  completeTask,
  escalate,
  fire,
  person,
  release,
  start
} from "../../support/instance/commands.ts"

const { decider, given } = deciderFor(`
name: spec
input: { type: object, properties: { id: { type: string }, owner: { type: string } } }
sla: { urgent: 4h, high: 1d, medium: 2d, low: 3d }
start: approval
steps:
  approval:
    type: human
    title: "Approve order \${input.id}"
    role: manager
    assignee: "has(input.owner) ? input.owner : null"
    form:
      type: object
      required: [approved]
      properties: { approved: { type: boolean }, code: { type: string, pattern: "^(a+)+$" } }
    weight: 0.5
    remind: [1h]
    escalate: { to: director }
    outcomes: { approve: done, reject: rejected }
  done: { type: succeed }
  rejected: { type: fail, error: { type: Rejected } }
`)
const ann = person("ann", "manager")
const bob = person("bob", "manager")
const eve = person("eve", "clerk")
const created = run(decider, [start({ id: "o-1" }, { priority: "urgent" })]).events

describe("a human step", () => {
  it("creates a task with its title, role, form, outcomes and a due time of weight × the SLA of the priority", () =>
    expect(created.slice(1)).toEqual([
      {
        _tag: "TaskCreated",
        taskId: "approval#1",
        token: "approval#1",
        step: "approval",
        title: "Approve order o-1",
        role: "manager",
        form: {
          properties: { approved: { type: "boolean" }, code: { pattern: "^(a+)+$", type: "string" } },
          required: ["approved"],
          type: "object"
        },
        outcomes: ["approve", "reject"],
        dueAt: at(2 * 3600),
        priority: "urgent",
        at: at(0)
      },
      {
        _tag: "TimerScheduled",
        timerId: "approval#1/remind/0",
        purpose: "remind",
        token: "approval#1",
        dueAt: at(3600),
        at: at(0)
      },
      {
        _tag: "TimerScheduled",
        timerId: "approval#1/escalate",
        purpose: "escalate",
        token: "approval#1",
        dueAt: at(7200),
        at: at(0)
      }
    ]))

  it("records the assignee its rule names", () => {
    const { state } = run(decider, [start({ id: "o-1", owner: "carol" })])
    expect(state.threads[0]?.at).toMatchObject({ kind: "task", assignee: "carol" })
  })

  it("is claimed by a member of its role", () =>
    given(created)
      .when(claim("approval#1", ann, 5))
      .then([
        {
          _tag: "TaskClaimed",
          taskId: "approval#1",
          by: "ann",
          commandId: "claim:approval#1:ann:5",
          at: at(5)
        }
      ]))

  it("refuses a claim by someone outside the role", () =>
    given(created)
      .when(claim("approval#1", eve, 5))
      .thenRejects("Expected a member of manager to act on task approval#1, but eve is not"))

  it("refuses a claim of a task someone else claimed", () => {
    const claimed = run(decider, [start({ id: "o-1" }), claim("approval#1", ann, 5)]).events
    given(claimed)
      .when(claim("approval#1", bob, 6))
      .thenRejects("Expected task approval#1 to be unclaimed, but ann claimed it")
  })

  it("decides nothing when its claimant claims it again", () => {
    const claimed = run(decider, [start({ id: "o-1" }), claim("approval#1", ann, 5)]).events
    given(claimed)
      .when(claim("approval#1", ann, 6))
      .then([])
  })

  it("is released by its claimant only", () => {
    const claimed = run(decider, [start({ id: "o-1" }), claim("approval#1", ann, 5)]).events
    given(claimed)
      .when(release("approval#1", bob, 6))
      .thenRejects("Expected bob to have claimed task approval#1, but ann has")
    given(claimed)
      .when(release("approval#1", ann, 6))
      .then([
        {
          _tag: "TaskReleased",
          taskId: "approval#1",
          by: "ann",
          commandId: "release:approval#1:ann:6",
          at: at(6)
        }
      ])
  })

  it("completes with a named outcome and leads where the outcome says", () =>
    given(created)
      .when(completeTask("approval#1", ann, { approved: true }, "approve", 9))
      .then([
        { _tag: "TimerCancelled", timerId: "approval#1/remind/0", at: at(9) },
        { _tag: "TimerCancelled", timerId: "approval#1/escalate", at: at(9) },
        {
          _tag: "TaskCompleted",
          taskId: "approval#1",
          by: "ann",
          outcome: "approve",
          data: { approved: true },
          next: "done#1",
          commandId: "task:approval#1:ann:9",
          at: at(9)
        },
        { _tag: "InstanceCompleted", output: {}, at: at(9) }
      ]))

  it("refuses an unknown outcome", () =>
    given(created)
      .when(completeTask("approval#1", ann, { approved: true }, "maybe", 9))
      .thenRejects('Expected one of the outcomes approve, reject, but got "maybe"'))

  it("refuses form data that does not match the form, with the path", () =>
    given(created)
      .when(completeTask("approval#1", ann, { approved: "yes" }, "approve", 9))
      .thenRejects("Expected form data matching the form, but data.approved"))

  it("checks form patterns with RE2, so a catastrophic pattern takes linear time", () =>
    given(created)
      .when(completeTask("approval#1", ann, { approved: true, code: `${"a".repeat(5000)}!` }, "approve", 9))
      .thenRejects("data.code"))

  it("refuses completion by someone other than its claimant", () => {
    const claimed = run(decider, [start({ id: "o-1" }), claim("approval#1", ann, 5)]).events
    given(claimed)
      .when(completeTask("approval#1", bob, { approved: true }, "approve", 9))
      .thenRejects("Expected bob to have claimed task approval#1, but ann claimed it")
  })

  it("refuses a command on a task that is not open", () =>
    given(created)
      .when(claim("other#1", ann, 5))
      .thenRejects("Expected an open task other#1, but there is none"))

  it("records a reminder when its timer fires", () =>
    given(created)
      .when(fire("approval#1/remind/0", 3600))
      .then([
        { _tag: "TimerFired", timerId: "approval#1/remind/0", at: at(3600) },
        { _tag: "TaskReminded", taskId: "approval#1", reminder: 0, at: at(3600) }
      ]))

  it("escalates to another role, unclaimed, when overdue", () => {
    const claimed = run(decider, [
      start({ id: "o-1" }, { priority: "urgent" }),
      claim("approval#1", ann, 5)
    ]).events
    given(claimed)
      .when(fire("approval#1/escalate", 7200))
      .thenEvents((events, state) => {
        expect(events[1]).toEqual({
          _tag: "TaskEscalated",
          taskId: "approval#1",
          role: "director",
          at: at(7200)
        })
        expect(state.threads[0]?.at).toEqual({
          kind: "task",
          token: "approval#1",
          step: "approval",
          role: "director",
          outcomes: ["approve", "reject"]
        })
      })
  })

  it("escalates on request, cancelling the automatic escalation", () =>
    given(created)
      .when(escalate("approval#1", undefined, 5))
      .then([
        { _tag: "TimerCancelled", timerId: "approval#1/escalate", at: at(5) },
        {
          _tag: "TaskEscalated",
          taskId: "approval#1",
          role: "director",
          commandId: "escalate:approval#1:5",
          at: at(5)
        }
      ]))
})
