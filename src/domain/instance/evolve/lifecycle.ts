import type { EventOf } from "../events/InstanceEvent.ts"
import type { Draft } from "../state/InstanceState.ts"
import { addSeen, advance, newThread, putThread, threadOf, withPosition, threadAt } from "../state/threads.ts"

export const started = (d: Draft, event: EventOf<"InstanceStarted">): void => {
  const root = newThread("", "", event.context, event.start, undefined)
  d.status = "running"
  d.instanceId = event.instanceId
  d.workflow = event.workflow
  d.clientId = event.clientId
  d.startCommandId = event.commandId
  d.parent = event.parent
  d.priority = event.priority
  d.input = event.input
  d.startedAt = event.at
  d.threads = [root]
  d.agenda = [""]
}

/** The terminal events: every path is gone, nothing is buffered any more; the root context stays readable. */
export const ended = (d: Draft, status: "completed" | "failed" | "cancelled", at: number): void => {
  const root = threadAt(d, "")
  d.status = status
  d.endedAt = at
  d.ending = undefined
  d.incident = undefined
  d.threads = root === undefined ? [] : [withPosition(root, { kind: "done", outcome: status })]
  d.agenda = []
  d.buffer = []
}

export const incidentRaised = (d: Draft, event: EventOf<"IncidentRaised">): void => {
  d.status = "incident"
  d.incident = { token: event.token, step: event.step, error: event.error, compensation: event.compensation }
  if (event.compensation) {
    const current = d.ending?.current
    if (d.ending !== undefined && current !== undefined)
      d.ending = { ...d.ending, current: { ...current, running: false, incident: event.error } }
    return
  }
  const thread = threadOf(d, event.token)
  if (thread === undefined) return
  const attempt = thread.at.kind === "failed" ? thread.at.attempt : undefined
  putThread(
    d,
    withPosition(thread, {
      kind: "incident",
      token: event.token,
      step: event.step,
      error: event.error,
      ...(attempt === undefined ? {} : { attempt })
    })
  )
}

export const incidentResolved = (d: Draft, event: EventOf<"IncidentResolved">): void => {
  const incident = d.incident
  d.status = "running"
  d.incident = undefined
  d.seen = addSeen(d.seen, event.commandId)
  if (incident?.compensation === true) {
    const current = d.ending?.current
    if (d.ending === undefined || current === undefined) return
    const { incident: _cleared, ...run } = current
    d.ending = { ...d.ending, current: { ...run, roundStart: current.attempt + 1 } }
    return
  }
  const thread = threadOf(d, event.token)
  if (thread === undefined || thread.at.kind !== "incident") return
  if (event.next !== undefined) return putThread(d, advance(thread, event.next))
  const attempt = thread.at.attempt ?? 0
  putThread(
    d,
    withPosition(thread, {
      kind: "activity",
      token: thread.at.token,
      step: thread.at.step,
      attempt,
      roundStart: attempt + 1,
      running: false
    })
  )
}

export const compensationStarted = (d: Draft, event: EventOf<"CompensationStarted">): void => {
  const root = threadAt(d, "")
  d.ending = { cause: event.cause }
  d.threads = root === undefined ? [] : [withPosition(root, { kind: "done", outcome: event.cause.kind })]
  d.agenda = []
}

export const migrated = (d: Draft, event: EventOf<"InstanceMigrated">): void => {
  d.workflow = { ...d.workflow, version: event.to.version, contentHash: event.to.contentHash }
}
