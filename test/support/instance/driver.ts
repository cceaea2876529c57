import type { CommandId, InstanceId } from "../../../src/domain/ids.ts"
import type { InstanceCommand, Person } from "../../../src/domain/instance/commands/InstanceCommand.ts"
import type { InstanceState, Thread } from "../../../src/domain/instance/state/InstanceState.ts"
import type { Json } from "../../../src/domain/json/Json.ts"
import { instanceId } from "./definitions.ts"

/**
 * Turns a random choice into the next command, biased toward what the state waits for: pending
 * attempts are completed or failed, pending timers fired (any of them, so out of order, at or
 * after their due time), waits get their signal or event, open tasks are claimed and completed,
 * children report — mixed with duplicates, stale completions, early and unknown messages,
 * cancels and incident retries.
 */
export interface Choice {
  readonly kind: number
  readonly pick: number
  readonly dt: number
}

export interface DriverContext {
  readonly input: Json
  now: number
  serial: number
  readonly history: Array<InstanceCommand>
}

const errorTypes = ["Unavailable", "Declined", "Boom", "timeout while calling"] as const

const envelope = (ctx: DriverContext, at: number) => {
  ctx.serial += 1
  ctx.now = Math.max(ctx.now, at)
  return { commandId: `c${ctx.serial}` as CommandId, at: ctx.now }
}

const pickOf = <A>(items: ReadonlyArray<A>, n: number): A | undefined => items[n % Math.max(1, items.length)]

const threads = (state: InstanceState): ReadonlyArray<Thread> => state.threads

const runningAttempts = (state: InstanceState): ReadonlyArray<{ activityId: string; attempt: number }> => [
  ...threads(state).flatMap((t) =>
    t.at.kind === "activity" && t.at.running ? [{ activityId: t.at.token, attempt: t.at.attempt }] : []
  ),
  ...(state.ending?.current?.running === true
    ? [{ activityId: state.ending.current.token, attempt: state.ending.current.attempt }]
    : [])
]

const person = (role: string, n: number): Person => ({ subject: `user${n % 2}`, groups: [role] })

export const startCommand = (ctx: DriverContext, workflow: string): InstanceCommand => ({
  _tag: "StartInstance",
  ...envelope(ctx, ctx.now),
  instanceId: instanceId as InstanceId,
  workflow: { name: workflow, version: 1 },
  input: ctx.input
})

/** The next command for a choice (never undefined: with nothing pending it signals). */
export const nextCommand = (state: InstanceState, choice: Choice, ctx: DriverContext): InstanceCommand => {
  const at = ctx.now + choice.dt * 1000
  const n = choice.pick
  const attempts = runningAttempts(state)
  const timers = Object.entries(state.timers)
  const tasks = threads(state).flatMap((t) => (t.at.kind === "task" ? [t.at] : []))
  const children = Object.keys(state.children)
  const orderId = (ctx.input as { orderId?: string }).orderId ?? ""
  const kinds: ReadonlyArray<readonly [number, () => InstanceCommand | undefined]> = [
    [
      45,
      () => {
        const a = pickOf(attempts, n)
        if (a === undefined) return undefined
        if (n % 10 < 7)
          return { _tag: "CompleteActivity", ...envelope(ctx, at), ...a, result: { n: n % 7, ok: true } }
        if (n % 10 < 9)
          return {
            _tag: "FailActivity",
            ...envelope(ctx, at),
            ...a,
            error: { type: pickOf(errorTypes, n >> 3) ?? "Boom", message: "timeout while calling" }
          }
        return { _tag: "TimeOutActivity", ...envelope(ctx, at), ...a }
      }
    ],
    [
      63,
      () => {
        const timer = pickOf(timers, n)
        if (timer === undefined) return undefined
        // Now and then too early (refused), else at or after its due time, in any order.
        const early = n % 13 === 0 && timer[1].dueAt - 1 > ctx.now
        return {
          _tag: "FireTimer",
          ...envelope(ctx, early ? timer[1].dueAt - 1 : Math.max(at, timer[1].dueAt)),
          timerId: timer[0]
        }
      }
    ],
    [
      72,
      () =>
        n % 3 === 0
          ? { _tag: "SendSignal", ...envelope(ctx, at), name: "approve", payload: { by: "driver", n: n % 5 } }
          : {
              _tag: "DeliverEvent",
              ...envelope(ctx, at),
              eventId: `ev${n % 4}`,
              source: "carrier",
              type: "parcel_delivered",
              correlation: n % 5 === 0 ? "other" : orderId,
              data: { n: n % 3 }
            }
    ],
    [
      83,
      () => {
        const task = pickOf(tasks, n)
        if (task === undefined) return undefined
        const user = person(task.role, n >> 2)
        const base = { ...envelope(ctx, at), taskId: task.token, user }
        switch (n % 5) {
          case 0:
            return { _tag: "ClaimTask", ...base }
          case 1:
            return { _tag: "ReleaseTask", ...base }
          case 2:
            return { _tag: "EscalateTask", ...envelope(ctx, at), taskId: task.token }
          default: {
            const outcome = pickOf(task.outcomes, n >> 3)
            return {
              _tag: "CompleteTask",
              ...base,
              user:
                task.assignee === undefined
                  ? task.claimedBy === undefined
                    ? user
                    : { subject: task.claimedBy, groups: [task.role] }
                  : { subject: task.assignee, groups: [] },
              data: n % 11 === 0 ? { approved: "maybe" } : { approved: n % 2 === 0 },
              ...(outcome === undefined ? {} : { outcome })
            }
          }
        }
      }
    ],
    [
      88,
      () => {
        const child = pickOf(children, n)
        if (child === undefined) return undefined
        return n % 3 === 0
          ? {
              _tag: "FailChild",
              ...envelope(ctx, at),
              childInstanceId: child,
              error: { type: "ChildFailed", message: "the child failed" }
            }
          : { _tag: "CompleteChild", ...envelope(ctx, at), childInstanceId: child, output: { child: n % 4 } }
      }
    ],
    [90, () => (state.status === "incident" ? { _tag: "RetryIncident", ...envelope(ctx, at) } : undefined)],
    [
      94,
      () => {
        const previous = pickOf(ctx.history, n)
        return previous === undefined ? undefined : { ...previous, at: Math.max(ctx.now, previous.at) }
      }
    ],
    [
      98,
      () => {
        const old = ctx.history.flatMap((c) =>
          c._tag === "CompleteActivity" || c._tag === "FailActivity" ? [c] : []
        )
        const stale = pickOf(old, n)
        if (n % 2 === 0 && stale !== undefined)
          return {
            _tag: "CompleteActivity",
            ...envelope(ctx, at),
            activityId: stale.activityId,
            attempt: stale.attempt,
            result: "stale"
          }
        const fired = ctx.history.flatMap((c) => (c._tag === "FireTimer" ? [c] : []))
        const timer = pickOf(fired, n)
        return timer === undefined
          ? undefined
          : { _tag: "FireTimer", ...envelope(ctx, at), timerId: timer.timerId }
      }
    ],
    [99, () => ({ _tag: "CancelInstance", ...envelope(ctx, at), compensate: n % 2 === 0, reason: "driver" })],
    [
      100,
      () => ({
        _tag: "SendSignal",
        ...envelope(ctx, at),
        name: n % 2 === 0 ? "approve" : "unknown",
        payload: null
      })
    ]
  ]
  const start = kinds.findIndex(([bound]) => choice.kind % 100 < bound)
  for (let i = 0; i < kinds.length; i++) {
    const command = kinds[(start + i) % kinds.length]![1]()
    if (command !== undefined) return command
  }
  return { _tag: "SendSignal", ...envelope(ctx, at), name: "approve", payload: null }
}
