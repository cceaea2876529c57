import type { EventOf } from "../events/InstanceEvent.ts"
import { errorJson } from "../schema/ErrorInfo.ts"
import type { InstanceState } from "../state/InstanceState.ts"
import { advance, dropThreads, threadOf, updateThreadOf, writeContext } from "../state/threads.ts"

/** A step failed for good; a parallel's completed branches are discarded with it (nothing merges). */
export const stepFailed = (state: InstanceState, event: EventOf<"StepFailed">): InstanceState => {
  const failing = threadOf(state, event.token)
  const discarded =
    failing?.at.kind === "parallel"
      ? dropThreads(
          state,
          failing.at.branches.map((branch) => branch.scope)
        )
      : state
  return updateThreadOf(discarded, event.token, (thread) => {
    const attempt = thread.at.kind === "activity" ? thread.at.attempt : undefined
    return {
      ...thread,
      at: {
        kind: "failed",
        token: event.token,
        step: event.step,
        error: event.error,
        onExhausted: event.onExhausted,
        ...(attempt === undefined ? {} : { attempt })
      }
    }
  })
}

export const errorCaught = (state: InstanceState, event: EventOf<"ErrorCaught">): InstanceState =>
  updateThreadOf(event.by === "onError" ? { ...state, onErrorTaken: true } : state, event.token, (thread) =>
    advance({ ...writeContext(thread, event.into, errorJson(event.error)), error: event.error }, event.next)
  )
