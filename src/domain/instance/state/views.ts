import type { Instant } from "../schema/Instant.ts"
import type { InstanceState, Thread } from "./InstanceState.ts"
import type { Position, TaskPosition } from "./Position.ts"

/** What an instance waits for, one entry per pending thing (the executions row, `GET /instances/{id}`). */
export type Waiting =
  | {
      readonly kind: "activity"
      readonly token: string
      readonly step: string
      readonly attempt: number
      readonly running: boolean
    }
  | { readonly kind: "signal"; readonly token: string; readonly step: string; readonly name: string }
  | {
      readonly kind: "event"
      readonly token: string
      readonly step: string
      readonly type: string
      readonly correlation?: string
    }
  | { readonly kind: "time"; readonly token: string; readonly step: string; readonly until: Instant }
  | Omit<TaskPosition, "outcomes">
  | Extract<Position, { readonly kind: "child" }>
  | { readonly kind: "incident"; readonly token: string; readonly step: string }
  | {
      readonly kind: "compensation"
      readonly token: string
      readonly step: string
      readonly attempt: number
      readonly running: boolean
    }

const waitingOn = (thread: Thread): Waiting | undefined => {
  const at = thread.at
  switch (at.kind) {
    case "activity":
      return { kind: "activity", token: at.token, step: at.step, attempt: at.attempt, running: at.running }
    case "wait":
      return at.waitFor.kind === "signal"
        ? { kind: "signal", token: at.token, step: at.step, name: at.waitFor.name }
        : at.waitFor.kind === "event"
          ? {
              kind: "event",
              token: at.token,
              step: at.step,
              type: at.waitFor.type,
              ...(at.waitFor.correlation === undefined ? {} : { correlation: at.waitFor.correlation })
            }
          : { kind: "time", token: at.token, step: at.step, until: at.waitFor.until }
    case "task":
      return {
        kind: "task",
        token: at.token,
        step: at.step,
        role: at.role,
        ...(at.assignee === undefined ? {} : { assignee: at.assignee }),
        ...(at.claimedBy === undefined ? {} : { claimedBy: at.claimedBy })
      }
    case "child":
      return { kind: "child", token: at.token, step: at.step, childInstanceId: at.childInstanceId }
    case "incident":
      return { kind: "incident", token: at.token, step: at.step }
    default:
      return undefined
  }
}

/** Everything the instance waits for, paths in the order they were started. */
export const waitingFor = (state: InstanceState): ReadonlyArray<Waiting> => {
  const out: Array<Waiting> = []
  for (const thread of state.threads) {
    const waiting = waitingOn(thread)
    if (waiting !== undefined) out.push(waiting)
  }
  const run = state.ending?.current
  if (run !== undefined)
    out.push({
      kind: "compensation",
      token: run.token,
      step: run.registration.step,
      attempt: run.attempt,
      running: run.running
    })
  return out
}

/**
 * The status DESIGN §2.1 names: `running` while an attempt runs (or a compensation), `waiting`
 * while the instance waits only on timers, messages, people or children, else the lifecycle's.
 */
export type InstanceStatus = "new" | "running" | "waiting" | "incident" | "completed" | "failed" | "cancelled"

export const statusOf = (state: InstanceState): InstanceStatus => {
  if (state.status !== "running") return state.status
  return waitingFor(state).some((w) => (w.kind === "activity" || w.kind === "compensation") && w.running)
    ? "running"
    : "waiting"
}
