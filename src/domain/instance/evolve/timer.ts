import type { EventOf } from "../events/InstanceEvent.ts"
import type { InstanceState } from "../state/InstanceState.ts"

export const timerScheduled = (state: InstanceState, event: EventOf<"TimerScheduled">): InstanceState => ({
  ...state,
  timers: {
    ...state.timers,
    [event.timerId]: {
      purpose: event.purpose,
      ...(event.token === undefined ? {} : { token: event.token }),
      dueAt: event.dueAt
    }
  }
})

export const timerGone = (
  state: InstanceState,
  event: EventOf<"TimerFired" | "TimerCancelled">
): InstanceState => {
  if (state.timers[event.timerId] === undefined) return state
  const timers = { ...state.timers }
  delete timers[event.timerId]
  return { ...state, timers }
}
