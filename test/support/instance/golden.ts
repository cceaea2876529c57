import type { InstanceCommand } from "../../../src/domain/instance/commands/InstanceCommand.ts"
import type { InstanceState, Thread } from "../../../src/domain/instance/state/InstanceState.ts"
import { visitCounts, type Visits } from "../../../src/domain/instance/state/Visits.ts"
import {
  cancel,
  childCompleted,
  childFailed,
  claim,
  complete,
  completeTask,
  error,
  escalate,
  event,
  fail,
  fire,
  person,
  retryIncident,
  signal,
  start
} from "./commands.ts"
import { at, instanceId } from "./definitions.ts"
import { childInstanceId } from "../../../src/domain/instance/derivedIds.ts"

/** A golden stream: the definition and commands that produced it once (kept to explain it). */
export interface GoldenScenario {
  readonly name: string
  readonly description: string
  readonly definition: string
  readonly commands: ReadonlyArray<InstanceCommand>
}

/**
 * The state as a golden file records it: plain JSON of what the state means, independent of how
 * it is held in memory (the `seen` set as a list, visit counts as one object, threads by scope;
 * fields in any order).
 */
export const stateJson = (state: InstanceState): unknown =>
  JSON.parse(
    JSON.stringify(state, (key, value: unknown) =>
      value instanceof Set
        ? [...(value as Set<string>)]
        : key === "visits"
          ? visitCounts(value as Visits)
          : key === "threads"
            ? Object.fromEntries((value as ReadonlyArray<Thread>).map((thread) => [thread.scope, thread]))
            : value
    )
  )

export const goldenScenarios: ReadonlyArray<GoldenScenario> = [
  {
    name: "action-retry",
    description:
      "An activity fails, retries after the policy's delay (with jitter), completes; output written; set, log, noop run inline.",
    definition: `
name: spec
input: { type: object, properties: { id: { type: string } } }
retry: { maxAttempts: 3, initialInterval: 2s, jitter: 0.5 }
start: charge
steps:
  charge: { type: action, action: charge, queue: payments, with: { id: "\${input.id}" }, output: payment, timeout: 30s, next: bump }
  bump: { type: action, action: set, with: { "order.state": charged }, next: note }
  note: { type: action, action: log, with: { message: "charged \${input.id}" }, next: idle }
  idle: { type: action, action: noop }
`,
    commands: [
      start({ id: "o-1" }),
      fail("charge#1", 1, error("Unavailable"), 3),
      fire("charge#1/retry/2", 10),
      complete("charge#1", 2, { id: "pay_1" }, 12)
    ]
  },
  {
    name: "choice-loop",
    description: "A loop through a choice: every visit a new token; the choice records the branch taken.",
    definition: `
name: spec
context: { count: 0 }
start: work
steps:
  work: { type: action, action: work, next: bump }
  bump: { type: action, action: set, with: { count: "\${context.count + 1.0}" }, next: again }
  again: { type: choice, choices: [{ when: "context.count < 2.0", next: work }], otherwise: done }
  done: { type: succeed, output: "\${context.count}" }
`,
    commands: [start({}), complete("work#1", 1, null, 1), complete("work#2", 1, null, 2)]
  },
  {
    name: "waits",
    description:
      "An early event buffered then consumed on entering its wait; a signal; a sleep; a timeout to onTimeout.",
    definition: `
name: spec
input: { type: object, properties: { id: { type: string } } }
start: go
steps:
  go: { type: wait, signal: go, into: go, next: parcel }
  parcel: { type: wait, event: delivered, correlate: "input.id", into: parcel, next: nap }
  nap: { type: wait, for: 1m, next: answer }
  answer: { type: wait, signal: answer, timeout: 1h, onTimeout: done }
  done: { type: succeed }
`,
    commands: [
      start({ id: "o-1" }),
      event("delivered", "o-1", { early: true }, 1, "e1"),
      signal("go", { ok: 1 }, 2, "s1"),
      fire("nap#1/sleep", 62),
      fire("answer#1/timeout", 3662)
    ]
  },
  {
    name: "human-task",
    description:
      "A task with due time from the SLA, a reminder, claim, escalation and completion with an outcome.",
    definition: `
name: spec
sla: { urgent: 4h, high: 1d, medium: 2d, low: 3d }
start: approve
steps:
  approve:
    type: human
    role: manager
    title: Approve it
    form: { type: object, required: [ok], properties: { ok: { type: boolean } } }
    weight: 0.5
    remind: [1h]
    escalate: { to: director, after: 2h }
    outcomes: { yes: done, no: nope }
    into: decision
  done: { type: succeed }
  nope: { type: fail, error: { type: Rejected } }
`,
    commands: [
      start({}, { priority: "high" }),
      claim("approve#1", person("ann", "manager"), 5),
      fire("approve#1/remind/0", 3600),
      fire("approve#1/escalate", 7200),
      completeTask("approve#1", person("dan", "director"), { ok: true }, "yes", 7300)
    ]
  },
  {
    name: "parallel-any",
    description:
      "Three branches joined on any: the first to complete wins and merges; the others are cancelled.",
    definition: `
name: spec
start: fork
steps:
  fork:
    type: parallel
    join: any
    branches:
      - { start: a, steps: { a: { type: action, action: a, output: winner } } }
      - { start: b, steps: { b: { type: action, action: b, output: winner } } }
      - { start: c, steps: { c: { type: wait, signal: c, timeout: 1h } } }
    next: done
  done: { type: succeed }
`,
    commands: [start({}), complete("fork#1/b1/b#1", 1, "b", 4)]
  },
  {
    name: "map-items",
    description: "A map over three items with concurrency 2; results in item order.",
    definition: `
name: spec
input: { type: object, properties: { skus: { type: array, items: { type: string } } } }
start: each
steps:
  each:
    type: map
    items: "input.skus"
    concurrency: 2
    output: picked
    do: { start: pick, steps: { pick: { type: action, action: pick, with: { sku: "\${item}" }, output: got } } }
`,
    commands: [
      start({ skus: ["a", "b", "c"] }),
      complete("each#1/i1/pick#1", 1, "B", 1),
      complete("each#1/i0/pick#1", 1, "A", 2),
      complete("each#1/i2/pick#1", 1, "C", 3)
    ]
  },
  {
    name: "subflow",
    description: "A child requested with a derived id, one failing (caught), then a second visit completing.",
    definition: `
name: spec
start: prepare
steps:
  prepare: { type: action, action: noop, next: pay }
  pay: { type: subflow, workflow: payment, input: { n: 1 }, output: receipt, catch: [{ errors: [Declined], next: again }], next: done }
  again: { type: action, action: noop, next: pay }
  done: { type: succeed }
`,
    commands: [
      start({}),
      childFailed(childInstanceId(instanceId, "pay#1", at(0)), error("Declined"), 1),
      childCompleted(childInstanceId(instanceId, "pay#2", at(1)), { ok: true }, 2)
    ]
  },
  {
    name: "compensation-incident",
    description:
      "Compensations in reverse order after a failure; one exhausts its retries (incident) and /retry resumes it.",
    definition: `
name: spec
start: charge
steps:
  charge: { type: action, action: charge, output: payment, compensate: refund, next: reserve }
  reserve: { type: action, action: reserve, compensate: release, next: ship }
  ship: { type: action, action: ship, retry: { maxAttempts: 1 } }
  refund: { type: action, action: refund, with: { id: "\${context.payment.id}" }, retry: { maxAttempts: 1 } }
  release: { type: action, action: set, with: { released: true } }
`,
    commands: [
      start({}),
      complete("charge#1", 1, { id: "p1" }, 1),
      complete("reserve#1", 1, null, 2),
      fail("ship#1", 1, error("Lost"), 3),
      fail("charge#1/comp/refund#1", 1, error("Busy"), 4),
      retryIncident(5),
      complete("charge#1/comp/refund#1", 2, null, 6)
    ]
  },
  {
    name: "fail-and-catch",
    description:
      "A step failure caught into the context, the workflow's onError, and a fail step at the root.",
    definition: `
name: spec
onError: cleanup
start: risky
steps:
  risky: { type: action, action: risky, retry: { maxAttempts: 1 }, catch: [{ errors: [Known], into: problem, next: second }] }
  second: { type: action, action: second, retry: { maxAttempts: 1 } }
  cleanup: { type: fail, error: { type: GaveUp, message: "gave up" } }
`,
    commands: [start({}), fail("risky#1", 1, error("Known"), 1), fail("second#1", 1, error("Unknown"), 2)]
  },
  {
    name: "cancel-child",
    description:
      "A cancel while a child and a task are pending: both cancelled, the instance ends cancelled; the child asks escalation first.",
    definition: `
name: spec
timeout: 1d
start: fork
steps:
  fork:
    type: parallel
    branches:
      - { start: sub, steps: { sub: { type: subflow, workflow: child, timeout: 1h } } }
      - { start: ask, steps: { ask: { type: human, role: clerk, escalate: { to: boss, after: 1m } } } }
`,
    commands: [
      start({}),
      escalate("fork#1/b1/ask#1", undefined, 2),
      cancel({ reason: "no longer needed", seconds: 3 })
    ]
  }
]
