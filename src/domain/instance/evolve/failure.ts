import type { EventOf } from "../events/InstanceEvent.ts"
import { errorJson } from "../schema/ErrorInfo.ts"
import type { Draft } from "../state/InstanceState.ts"
import {
  advance,
  dropThreads,
  putThread,
  threadOf,
  withError,
  withPosition,
  writeContext
} from "../state/threads.ts"

/** A step failed for good; a parallel's completed branches are discarded with it (nothing merges). */
export const stepFailed = (d: Draft, event: EventOf<"StepFailed">): void => {
  const failing = threadOf(d, event.token)
  if (failing === undefined) return
  if (failing.at.kind === "parallel")
    dropThreads(
      d,
      failing.at.branches.map((branch) => branch.scope)
    )
  const attempt = failing.at.kind === "activity" ? failing.at.attempt : undefined
  putThread(
    d,
    withPosition(failing, {
      kind: "failed",
      token: event.token,
      step: event.step,
      error: event.error,
      onExhausted: event.onExhausted,
      ...(attempt === undefined ? {} : { attempt })
    })
  )
}

export const errorCaught = (d: Draft, event: EventOf<"ErrorCaught">): void => {
  if (event.by === "onError") d.onErrorTaken = true
  const thread = threadOf(d, event.token)
  if (thread !== undefined)
    putThread(
      d,
      advance(withError(writeContext(thread, event.into, errorJson(event.error)), event.error), event.next)
    )
}
