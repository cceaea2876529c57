/**
 * `npm run bench -- instances`: the pure instance core on one core, on bench/fixtures/
 * fulfillment-20.yaml (20 steps with a choice, a human approval, a parallel and a map over six
 * order lines). One scripted run of an instance gives the stream and the decisions; then:
 *   fold    — events folded per second from the initial state (events already decoded);
 *   decode  — events decoded per second from their stored (encoded) form by the Schema;
 *   decide  — commands decided per second over whole runs of fresh instances (each command
 *             decided once, against the state it meets; the folding between them not counted).
 * After a warm-up of 5 s (INSTANCES_BENCH_WARM_UP_MS), each figure is the median of 7 rounds of 0.5 s.
 * Targets (issue 3): fold ≥ 1,000,000 events/s, decide ≥ 100,000 decides/s.
 */
import { Either, Schema } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { publishDefinition } from "../../src/domain/definition/PublishedDefinition.ts"
import { validateSource } from "../../src/domain/definition/validate/validateDefinition.ts"
import type { CommandId, InstanceId } from "../../src/domain/ids.ts"
import { InstanceCommand } from "../../src/domain/instance/commands/InstanceCommand.ts"
import { InstanceEvent } from "../../src/domain/instance/events/InstanceEvent.ts"
import { instanceDecider } from "../../src/domain/instance/instanceDecider.ts"
import { isTerminal, type InstanceState } from "../../src/domain/instance/state/InstanceState.ts"
import { waitingFor } from "../../src/domain/instance/state/views.ts"
import { cronerScheduleChecks } from "../../src/infra/schedule/cronerScheduleChecks.ts"
import { measureRate, medianRate, report } from "../report.ts"

const source = readFileSync(join(import.meta.dirname, "../fixtures/fulfillment-20.yaml"), "utf8")
const valid = validateSource(source, "yaml", { schedules: cronerScheduleChecks })
if (Either.isLeft(valid)) throw new Error(valid.left.map((p) => p.message).join("\n"))
const encodeCommand = Schema.encodeSync(InstanceCommand)
const decodeCommand = Schema.decodeUnknownSync(InstanceCommand)
export const decider = instanceDecider(publishDefinition(valid.right, 1))
const warmUpMs = Number(process.env["INSTANCES_BENCH_WARM_UP_MS"] ?? 5000)
const rounds = 7

/** Time spent in `decide` (nanoseconds) and decisions made, across scripted runs. */
interface Stopwatch {
  ns: bigint
  decides: number
}

/**
 * Runs one instance to its end, answering whatever it waits for, with a fresh input and fresh
 * commands (as a real instance gets); returns its decisions and events. With a stopwatch, the
 * time of each `decide` call is added to it.
 */
export const scriptedRun = (
  stopwatch?: Stopwatch
): { decisions: Array<readonly [InstanceCommand, InstanceState]>; events: Array<InstanceEvent> } => {
  let now = Date.parse("2026-11-21T09:00:00.000Z")
  let serial = 0
  let state = decider.initialState
  const decisions: Array<readonly [InstanceCommand, InstanceState]> = []
  const events: Array<InstanceEvent> = []
  const envelope = (afterMs: number) => ({ commandId: `b${++serial}` as CommandId, at: (now += afterMs) })
  const apply = (built: InstanceCommand) => {
    // As the engine gets them: decoded from their encoded form (payloads canonical, known so).
    const command = decodeCommand(encodeCommand(built))
    decisions.push([command, state])
    const started = stopwatch === undefined ? 0n : process.hrtime.bigint()
    const decided = decider.decide(command, state)
    if (stopwatch !== undefined) {
      stopwatch.ns += process.hrtime.bigint() - started
      stopwatch.decides += 1
    }
    if (Either.isLeft(decided)) throw new Error(decided.left.message)
    for (const event of decided.right) {
      events.push(event)
      state = decider.evolve(state, event)
    }
  }
  apply({
    _tag: "StartInstance",
    ...envelope(0),
    instanceId: "019aa5f6-2a40-7000-8000-00000000b001" as InstanceId,
    workflow: { name: "fulfillment-20", version: 1 },
    input: {
      lines: [1, 2, 3, 4, 5, 6].map((n) => ({ qty: n, sku: `sku-${n}` })),
      orderId: `A-${serial}`,
      total: 1500
    }
  })
  while (!isTerminal(state)) {
    const waits = waitingFor(state)
    const work = waits.find((w) => w.kind === "activity" && w.running)
    const task = waits.find((w) => w.kind === "task")
    const parcel = waits.find((w) => w.kind === "event")
    const timer = Object.entries(state.timers).sort(([, a], [, b]) => a.dueAt - b.dueAt)[0]
    if (work?.kind === "activity")
      apply(
        work.step === "charge" && work.attempt === 1
          ? {
              _tag: "FailActivity",
              ...envelope(500),
              activityId: work.token,
              attempt: 1,
              error: { type: "Unavailable", message: "503" }
            }
          : {
              _tag: "CompleteActivity",
              ...envelope(500),
              activityId: work.token,
              attempt: work.attempt,
              result: { ok: true, id: `r${serial}`, tracking: "1Z" }
            }
      )
    else if (task?.kind === "task")
      apply({
        _tag: "CompleteTask",
        ...envelope(60_000),
        taskId: task.token,
        user: { subject: "maria", groups: ["manager"] },
        outcome: "approve",
        data: { approved: true }
      })
    else if (parcel?.kind === "event")
      apply({
        _tag: "DeliverEvent",
        ...envelope(86_400_000),
        eventId: "scan-1",
        source: "carrier",
        type: parcel.type,
        correlation: parcel.correlation ?? "",
        data: { signedBy: "J. Doe" }
      })
    else if (timer !== undefined)
      apply({ _tag: "FireTimer", ...envelope(Math.max(0, timer[1].dueAt - now)), timerId: timer[0] })
    else throw new Error("the scripted run is stuck")
  }
  return { decisions, events }
}

export default async (): Promise<void> => {
  const { decisions, events } = scriptedRun()
  console.error(`#   one instance: ${decisions.length} decisions, ${events.length} events`)
  const encoded = events.map((event) => Schema.encodeSync(InstanceEvent)(event))
  const decode = Schema.decodeUnknownSync(InstanceEvent)

  const fold = () => {
    let state = decider.initialState
    for (const event of events) state = decider.evolve(state, event)
    return state.events
  }
  const decodeAll = () => {
    for (const event of encoded) decode(event)
    return encoded.length
  }
  // Decisions are timed one by one over whole fresh runs, so nothing is decided twice on the
  // same objects (which would flatter the caches of bindings and sizes kept per object).
  const decideRate = (ms: number): number => {
    const stopwatch: Stopwatch = { ns: 0n, decides: 0 }
    while (stopwatch.ns < BigInt(ms) * 1_000_000n) scriptedRun(stopwatch)
    return (stopwatch.decides * 1e9) / Number(stopwatch.ns)
  }
  // Warm up the JIT before measuring: the rates keep climbing for several seconds.
  const warmUntil = performance.now() + warmUpMs
  while (performance.now() < warmUntil) {
    fold()
    decodeAll()
    scriptedRun()
  }
  report(
    "fold",
    medianRate(rounds, () => measureRate(fold, 500)),
    "events/s"
  )
  report(
    "decode",
    medianRate(rounds, () => measureRate(decodeAll, 500)),
    "events/s"
  )
  report(
    "decide",
    medianRate(rounds, () => decideRate(500)),
    "decides/s"
  )
}
