import { formatInstant } from "../../schema/Instant.ts"
import type { InstanceRejection } from "../../InstanceRejection.ts"
import { reject } from "../../InstanceRejection.ts"
import type { InstanceState } from "../../state/InstanceState.ts"

/** Refuses commands that need a started, unfinished instance. */
export const requireLive = (state: InstanceState, what: string): InstanceRejection | undefined =>
  state.status === "new"
    ? reject("not-started", `Expected a started instance to ${what}, but it has not started`)
    : state.status === "completed" || state.status === "failed" || state.status === "cancelled"
      ? reject("finished", `Expected a running instance to ${what}, but it is ${state.status}`)
      : undefined

/** Refuses commands that make no sense while the instance compensates before it ends. */
export const requireNotEnding = (state: InstanceState, what: string): InstanceRejection | undefined =>
  requireLive(state, what) ??
  (state.ending === undefined
    ? undefined
    : reject("ending", `Expected a running instance to ${what}, but it is compensating before it ends`))

export const iso = (ms: number): string => formatInstant(ms)
