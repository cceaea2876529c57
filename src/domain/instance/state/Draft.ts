import type { InstanceState } from "./InstanceState.ts"

/** A state being built by `evolve` from a fresh copy: mutable, and never seen by anyone else. */
export type Draft = { -readonly [K in keyof InstanceState]: InstanceState[K] }

/** A copy of the state with its one shape (every field written out), for `evolve` to change. */
export const draftOf = (s: InstanceState): Draft => ({
  status: s.status,
  instanceId: s.instanceId,
  workflow: s.workflow,
  clientId: s.clientId,
  startCommandId: s.startCommandId,
  parent: s.parent,
  priority: s.priority,
  input: s.input,
  startedAt: s.startedAt,
  updatedAt: s.updatedAt,
  events: s.events,
  threads: s.threads,
  agenda: s.agenda,
  timers: s.timers,
  children: s.children,
  buffer: s.buffer,
  seen: s.seen,
  compensations: s.compensations,
  ending: s.ending,
  onErrorTaken: s.onErrorTaken,
  incident: s.incident,
  output: s.output,
  error: s.error,
  cancelReason: s.cancelReason,
  endedAt: s.endedAt
})
