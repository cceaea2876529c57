import type { EventOf } from "../events/InstanceEvent.ts"
import type { Draft, PendingTimer } from "../state/InstanceState.ts"

export const timerScheduled = (d: Draft, event: EventOf<"TimerScheduled">): void => {
  const timers: Record<string, PendingTimer> = {}
  for (const id in d.timers) timers[id] = d.timers[id] as PendingTimer
  timers[event.timerId] =
    event.token === undefined
      ? { purpose: event.purpose, dueAt: event.dueAt }
      : { purpose: event.purpose, token: event.token, dueAt: event.dueAt }
  d.timers = timers
}

export const timerGone = (d: Draft, event: EventOf<"TimerFired" | "TimerCancelled">): void => {
  if (d.timers[event.timerId] === undefined) return
  const timers: Record<string, PendingTimer> = {}
  for (const id in d.timers) if (id !== event.timerId) timers[id] = d.timers[id] as PendingTimer
  d.timers = timers
}
