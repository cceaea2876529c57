import type { EventOf } from "../events/InstanceEvent.ts"
import type { InstanceState, Thread } from "../state/InstanceState.ts"
import { advance, putThread, threadOf } from "../state/threads.ts"
import { stepOf, visitOf } from "../tokens.ts"

export const started = (state: InstanceState, event: EventOf<"InstanceStarted">): InstanceState => {
  const root: Thread = {
    scope: "",
    graph: "",
    context: event.context,
    visits: { [stepOf(event.start)]: visitOf(event.start) },
    at: { kind: "ready", token: event.start, step: stepOf(event.start) }
  }
  return {
    ...state,
    status: "running",
    instanceId: event.instanceId,
    workflow: event.workflow,
    ...(event.clientId === undefined ? {} : { clientId: event.clientId }),
    startCommandId: event.commandId,
    ...(event.parent === undefined ? {} : { parent: event.parent }),
    priority: event.priority,
    input: event.input,
    startedAt: event.at,
    threads: { "": root },
    agenda: [""]
  }
}

/** The terminal events: every path is gone, nothing is buffered any more. */
export const ended = (
  state: InstanceState,
  status: "completed" | "failed" | "cancelled",
  fields: Partial<Pick<InstanceState, "output" | "error" | "cancelReason">>,
  at: number
): InstanceState => {
  const root = state.threads[""]
  const { ending: _ending, incident: _incident, ...rest } = state
  return {
    ...rest,
    ...fields,
    status,
    endedAt: at,
    // The root context stays readable (the executions row keeps it); no path runs.
    threads: root === undefined ? {} : { "": { ...root, at: { kind: "done", outcome: status } } },
    agenda: [],
    buffer: []
  }
}

export const incidentRaised = (state: InstanceState, event: EventOf<"IncidentRaised">): InstanceState => {
  const incident = {
    token: event.token,
    step: event.step,
    error: event.error,
    compensation: event.compensation
  }
  if (event.compensation) {
    const current = state.ending?.current
    if (state.ending === undefined || current === undefined) return { ...state, status: "incident", incident }
    return {
      ...state,
      status: "incident",
      incident,
      ending: { ...state.ending, current: { ...current, running: false, incident: event.error } }
    }
  }
  const thread = threadOf(state, event.token)
  if (thread === undefined) return { ...state, status: "incident", incident }
  const attempt = thread.at.kind === "failed" ? thread.at.attempt : undefined
  return putThread(
    { ...state, status: "incident", incident },
    {
      ...thread,
      at: {
        kind: "incident",
        token: event.token,
        step: event.step,
        error: event.error,
        ...(attempt === undefined ? {} : { attempt })
      }
    }
  )
}

export const incidentResolved = (state: InstanceState, event: EventOf<"IncidentResolved">): InstanceState => {
  const { incident, ...rest } = state
  const base: InstanceState = { ...rest, status: "running", seen: addOne(state.seen, event.commandId) }
  if (incident?.compensation === true) {
    const current = state.ending?.current
    if (state.ending === undefined || current === undefined) return base
    const { incident: _cleared, ...run } = current
    return { ...base, ending: { ...state.ending, current: { ...run, roundStart: current.attempt + 1 } } }
  }
  const thread = threadOf(state, event.token)
  if (thread === undefined || thread.at.kind !== "incident") return base
  if (event.next !== undefined) return putThread(base, advance(thread, event.next))
  const attempt = thread.at.attempt ?? 0
  return putThread(base, {
    ...thread,
    at: {
      kind: "activity",
      token: thread.at.token,
      step: thread.at.step,
      attempt,
      roundStart: attempt + 1,
      running: false
    }
  })
}

export const compensationStarted = (
  state: InstanceState,
  event: EventOf<"CompensationStarted">
): InstanceState => {
  const root = state.threads[""]
  return {
    ...state,
    ending: { cause: event.cause },
    threads: root === undefined ? {} : { "": { ...root, at: { kind: "done", outcome: event.cause.kind } } },
    agenda: []
  }
}

export const migrated = (state: InstanceState, event: EventOf<"InstanceMigrated">): InstanceState => ({
  ...state,
  workflow: { ...state.workflow, version: event.to.version, contentHash: event.to.contentHash }
})

const addOne = (seen: ReadonlySet<string>, id: string): ReadonlySet<string> =>
  seen.has(id) ? seen : new Set([...seen, id])
