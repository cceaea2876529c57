import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { StreamId, TenantId } from "../../../src/domain/ids.ts"
import { childInstanceId } from "../../../src/domain/instance/derivedIds.ts"
import { projectInstance } from "../../../src/engine/projections/projectInstance.ts"
import { at, deciderFor, instanceId, run } from "../../support/instance/fixtures.ts"
import { applyRows, rowsOf, type Tables } from "../../support/instance/rows.ts"
import { numRuns, scenarioArbitrary, simulate } from "../../support/instance/simulate.ts"
import { claim, complete, person, start } from "../../support/instance/commands.ts"

const tenant = "acme" as TenantId
const stream = `acme/i/${instanceId}` as StreamId
const project = (
  tables: Tables,
  events: Parameters<typeof projectInstance>[0]["events"],
  state: Parameters<typeof projectInstance>[0]["state"]
) => applyRows(tables, projectInstance({ tenant, stream, events, state }))

const { decider } = deciderFor(`
name: spec
start: fork
steps:
  fork:
    type: parallel
    branches:
      - { start: work, steps: { work: { type: action, action: pack, queue: warehouse, with: { n: 1 }, timeout: 1m } } }
      - { start: ask, steps: { ask: { type: human, role: clerk, due: 1h } } }
      - { start: sub, steps: { sub: { type: subflow, workflow: child } } }
`)

describe("the inline projections", () => {
  const started = run(decider, [start({})])
  const tables = project(new Map(), started.events, started.state)
  const rows = Object.fromEntries(rowsOf(tables).map(([id, row]) => [id.split("\u0001")[0], row]))

  it("write the executions row from the state: status (an attempt runs), context and what it waits for", () =>
    expect(rows["executions"]).toMatchObject({
      tenant_id: "acme",
      instance_id: instanceId,
      stream_id: stream,
      status: "running",
      stream_version: started.events.length,
      context: {},
      waiting_for: [
        { kind: "activity", token: "fork#1/b0/work#1", attempt: 1, running: true },
        { kind: "task", token: "fork#1/b1/ask#1", role: "clerk" },
        { kind: "child", token: "fork#1/b2/sub#1" }
      ]
    }))

  it("write a work item per attempt with its queue, input, timeout and idempotency key", () =>
    expect(rows["work_items"]).toEqual({
      tenant_id: "acme",
      instance_id: instanceId,
      activity_id: "fork#1/b0/work#1",
      attempt: 1,
      stream_id: stream,
      token: "fork#1/b0/work#1",
      step: "work",
      action: "pack",
      queue: "warehouse",
      input: { n: 1 },
      timeout_ms: 60_000,
      heartbeat_ms: null,
      deadline_at: "2026-11-21T10:01:00.000Z",
      idempotency_key: `${instanceId}/fork#1/b0/work#1`,
      compensation: false,
      created_at: "2026-11-21T10:00:00.000Z"
    }))

  it("write timers, tasks and an outbox row that starts the child", () => {
    expect(rows["timers"]).toMatchObject({
      timer_id: "fork#1/b0/work#1/timeout/1",
      purpose: "attempt-timeout",
      due_at: "2026-11-21T10:01:00.000Z"
    })
    expect(rows["human_tasks"]).toMatchObject({
      task_id: "fork#1/b1/ask#1",
      role: "clerk",
      status: "open",
      due_at: "2026-11-21T11:00:00.000Z"
    })
    const child = childInstanceId(instanceId, "fork#1/b2/sub#1", at(0))
    expect(rows["outbox"]).toEqual({
      tenant_id: "acme",
      command_id: `start:${child}`,
      target_stream: `acme/i/${child}`,
      command: {
        _tag: "StartInstance",
        commandId: `start:${child}`,
        instanceId: child,
        workflow: { name: "child" },
        input: {},
        priority: "medium",
        parent: { instanceId, token: "fork#1/b2/sub#1" }
      },
      created_at: "2026-11-21T10:00:00.000Z"
    })
  })

  it("delete the work item and its timer when the attempt completes, and track a claim", () => {
    const later = run(
      decider,
      [complete("fork#1/b0/work#1", 1, null, 5), claim("fork#1/b1/ask#1", person("ann", "clerk"), 6)],
      started.events
    )
    const next = project(new Map(tables), later.events.slice(started.events.length), later.state)
    const tablesNow = rowsOf(next).map(([id]) => id.split("\u0001")[0])
    expect(tablesNow).toEqual(["executions", "human_tasks", "outbox"])
    expect(rowsOf(next).find(([id]) => id.startsWith("human_tasks"))?.[1]).toMatchObject({
      status: "claimed",
      claimed_by: "ann"
    })
  })
})

describe("instance invariants (DESIGN §7) over generated definitions and command sequences", () => {
  it("invariant 9: projections rebuilt from zero equal the projections maintained inline", () =>
    fc.assert(
      fc.property(scenarioArbitrary(), (scenario) => {
        const trace = simulate(scenario)
        const inline: Tables = new Map()
        for (const step of trace.steps)
          if (Either.isRight(step.outcome) && step.outcome.right.length > 0)
            project(inline, step.outcome.right, step.after)
        const rebuilt = project(new Map(), trace.events, trace.state)
        expect(rowsOf(inline)).toEqual(rowsOf(rebuilt))
        // Nothing pending is left behind in the rows of an ended instance.
        if (
          trace.state.status === "completed" ||
          trace.state.status === "failed" ||
          trace.state.status === "cancelled"
        )
          expect(
            rowsOf(rebuilt).filter(([id]) => id.startsWith("work_items") || id.startsWith("timers"))
          ).toEqual([])
      }),
      { numRuns }
    ))
})
