/**
 * `npm start`: runs examples/order-fulfillment.yaml through Foldflow's pure core — validated,
 * normalized and published as the definitions service does, then decided and folded command by
 * command — with a simulated clock and a scripted world: the payment service fails once and
 * then charges, a manager approves the large order, the warehouse ships it and the carrier
 * reports the delivery. Prints every command, the events it decided, and the final state.
 */
import { Either, Schema } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { publishDefinition } from "./domain/definition/PublishedDefinition.ts"
import { validateSource } from "./domain/definition/validate/validateDefinition.ts"
import type { CommandId, InstanceId } from "./domain/ids.ts"
import type { InstanceCommand } from "./domain/instance/commands/InstanceCommand.ts"
import { InstanceEvent } from "./domain/instance/events/InstanceEvent.ts"
import { instanceDecider } from "./domain/instance/instanceDecider.ts"
import { formatInstant } from "./domain/instance/schema/Instant.ts"
import { isTerminal } from "./domain/instance/state/InstanceState.ts"
import type { InstanceState } from "./domain/instance/state/InstanceState.ts"
import { statusOf, waitingFor } from "./domain/instance/state/views.ts"
import { formatProblem } from "./domain/Problem.ts"
import { cronerScheduleChecks } from "./infra/schedule/cronerScheduleChecks.ts"
import { threadAt } from "./domain/instance/state/threads.ts"

const file = join(import.meta.dirname, "../examples/order-fulfillment.yaml")
const valid = validateSource(readFileSync(file, "utf8"), "yaml", { schedules: cronerScheduleChecks })
if (Either.isLeft(valid)) {
  console.error(valid.left.map(formatProblem).join("\n"))
  process.exit(1)
}
const definition = publishDefinition(valid.right, 1)
const decider = instanceDecider(definition)
const encode = Schema.encodeSync(InstanceEvent)

let now = Date.parse("2026-11-21T09:00:00.000Z")
let serial = 0
let state: InstanceState = decider.initialState
const envelope = (afterMs: number) => {
  now += afterMs
  return { commandId: `demo-${++serial}` as CommandId, at: now }
}

const show = (command: InstanceCommand): void => {
  const { _tag, commandId: _id, at, ...fields } = command as InstanceCommand & Record<string, unknown>
  console.log(`\n${formatInstant(at).slice(0, 19).replace("T", " ")}  ${_tag}  ${JSON.stringify(fields)}`)
  const decided = decider.decide(command, state)
  if (Either.isLeft(decided)) return console.log(`    rejected: ${decided.left.message}`)
  for (const event of decided.right) {
    const { _tag: tag, at: _at, ...rest } = encode(event) as Record<string, unknown>
    const text = JSON.stringify(rest)
    console.log(`    → ${tag}  ${text.length > 150 ? `${text.slice(0, 147)}...` : text}`)
    state = decider.evolve(state, event)
  }
}

/** The scripted world: what answers each thing the instance waits for, and when. */
const respond = (): InstanceCommand | undefined => {
  const waits = waitingFor(state)
  const work = waits.find((w) => w.kind === "activity" && w.running)
  if (work?.kind === "activity") {
    if (work.step === "charge" && work.attempt === 1)
      return {
        _tag: "FailActivity",
        ...envelope(2_000),
        activityId: work.token,
        attempt: 1,
        error: { type: "Unavailable", message: "payments.example answered 503" },
        worker: "in-process"
      }
    const result =
      work.step === "charge"
        ? { id: "pay_77", amount: 1499 }
        : work.step === "ship"
          ? { tracking: "1Z999AA10123456784" }
          : null
    return {
      _tag: "CompleteActivity",
      ...envelope(3_000),
      activityId: work.token,
      attempt: work.attempt,
      result,
      worker: "in-process"
    }
  }
  const task = waits.find((w) => w.kind === "task")
  if (task?.kind === "task") {
    const maria = { subject: "maria", groups: ["manager"] }
    if (task.claimedBy === undefined)
      return { _tag: "ClaimTask", ...envelope(3_600_000), taskId: task.token, user: maria }
    return {
      _tag: "CompleteTask",
      ...envelope(600_000),
      taskId: task.token,
      user: maria,
      outcome: "approve",
      data: { approved: true }
    }
  }
  const parcel = waits.find((w) => w.kind === "event")
  if (parcel?.kind === "event")
    return {
      _tag: "DeliverEvent",
      ...envelope(2 * 86_400_000),
      eventId: "scan-4711",
      source: "carrier.example",
      type: parcel.type,
      ...(parcel.correlation === undefined ? {} : { correlation: parcel.correlation }),
      data: { signedBy: "J. Doe" }
    }
  const timer = Object.entries(state.timers).sort(([, a], [, b]) => a.dueAt - b.dueAt)[0]
  if (timer !== undefined)
    return { _tag: "FireTimer", ...envelope(Math.max(0, timer[1].dueAt - now)), timerId: timer[0] }
  return undefined
}

console.log(
  `${definition.name} v${definition.version} (${definition.contentHash.slice(0, 12)}…), from ${file}`
)
show({
  _tag: "StartInstance",
  ...envelope(0),
  instanceId: "019aa5f6-2a40-7000-8000-00000000a101" as InstanceId,
  workflow: { name: definition.name, version: definition.version },
  clientId: "order-A-1001",
  input: { orderId: "A-1001", total: 1499 }
})
for (let steps = 0; steps < 50 && !isTerminal(state); steps++) {
  const next = respond()
  if (next === undefined) break
  show(next)
}

const root = threadAt(state, "")
console.log("\nFinal state:")
console.log(
  JSON.stringify(
    {
      status: statusOf(state),
      output: state.output ?? null,
      error: state.error ?? null,
      context: root?.context ?? null,
      events: state.events,
      compensationsRegistered: state.compensations.map((c) => `${c.step} for ${c.token}`),
      startedAt: formatInstant(state.startedAt),
      endedAt: state.endedAt === undefined ? null : formatInstant(state.endedAt)
    },
    null,
    2
  )
)
