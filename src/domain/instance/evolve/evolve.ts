import { absurd } from "effect/Function"
import type { InstanceEvent } from "../events/InstanceEvent.ts"
import { draftOf } from "../state/InstanceState.ts"
import type { Draft, InstanceState } from "../state/InstanceState.ts"
import {
  activityCancelled,
  activityCompleted,
  activityFailed,
  activityScheduled,
  passed
} from "./activity.ts"
import { childCompleted, childGone, childStartRequested } from "./child.ts"
import { errorCaught, stepFailed } from "./failure.ts"
import {
  compensationStarted,
  ended,
  incidentRaised,
  incidentResolved,
  migrated,
  started
} from "./lifecycle.ts"
import { mapCompleted, mapItemSettled, mapItemStarted, mapStarted } from "./map.ts"
import { branchSettled, parallelJoined, parallelStarted } from "./parallel.ts"
import { taskChanged, taskCompleted, taskCreated } from "./task.ts"
import { timerGone, timerScheduled } from "./timer.ts"
import { messageBuffered, messagesExpired, waitCompleted, waitEntered, waitTimedOut } from "./wait.ts"

/**
 * Folds one event into the state: total (a stream it does not expect leaves the state as it
 * is), pure, and mechanical — it evaluates no expression, reads no definition and applies no
 * default; every decision it needs is a field of the event. The state is copied once per event
 * and the copy changed in place before anyone sees it.
 */
export const evolve = (state: InstanceState, event: InstanceEvent): InstanceState => {
  const draft = draftOf(state)
  applyEvent(draft, event)
  return draft
}

/**
 * Folds an event into a draft in place: `evolve` on a fresh copy, or `decide` on the one copy
 * it makes per decision (its intermediate states are never seen outside the decision).
 */
export const applyEvent = (d: Draft, event: InstanceEvent): void => {
  d.events += 1
  d.updatedAt = event.at
  apply(d, event)
}

const apply = (d: Draft, event: InstanceEvent): void => {
  switch (event._tag) {
    // The most frequent events first: each case is a comparison of the tag.
    case "ActivityScheduled":
      return activityScheduled(d, event)
    case "ActivityCompleted":
      return activityCompleted(d, event)
    case "TimerScheduled":
      return timerScheduled(d, event)
    case "TimerFired":
    case "TimerCancelled":
      return timerGone(d, event)
    case "ContextSet":
    case "LogRecorded":
    case "StepPassed":
    case "ChoiceMade":
      return passed(d, event)
    case "MapItemStarted":
      return mapItemStarted(d, event)
    case "MapItemCompleted":
    case "MapItemFailed":
    case "MapItemCancelled":
      return mapItemSettled(d, event)
    case "ActivityFailed":
      return activityFailed(d, event)
    case "WaitEntered":
      return waitEntered(d, event)
    case "WaitCompleted":
      return waitCompleted(d, event)
    case "BranchCompleted":
    case "BranchFailed":
    case "BranchCancelled":
      return branchSettled(d, event)
    case "TaskCreated":
      return taskCreated(d, event)
    case "TaskCompleted":
      return taskCompleted(d, event)
    case "InstanceStarted":
      return started(d, event)
    case "InstanceCompleted":
      d.output = event.output
      return ended(d, "completed", event.at)
    case "InstanceFailed":
      d.error = event.error
      return ended(d, "failed", event.at)
    case "InstanceCancelled":
      d.cancelReason = event.reason
      return ended(d, "cancelled", event.at)
    case "IncidentRaised":
      return incidentRaised(d, event)
    case "IncidentResolved":
      return incidentResolved(d, event)
    case "CompensationStarted":
      return compensationStarted(d, event)
    case "ParentNotified":
      return
    case "InstanceMigrated":
      return migrated(d, event)
    case "ActivityCancelled":
      return activityCancelled(d, event)
    case "WaitTimedOut":
      return waitTimedOut(d, event)
    case "MessageBuffered":
      return messageBuffered(d, event)
    case "MessagesExpired":
      return messagesExpired(d, event)
    case "TaskClaimed":
    case "TaskReleased":
    case "TaskEscalated":
      return taskChanged(d, event)
    case "TaskReminded":
    case "TaskCancelled":
      return
    case "ParallelStarted":
      return parallelStarted(d, event)
    case "ParallelJoined":
      return parallelJoined(d, event)
    case "MapStarted":
      return mapStarted(d, event)
    case "MapCompleted":
      return mapCompleted(d, event)
    case "ChildStartRequested":
      return childStartRequested(d, event)
    case "ChildCompleted":
      return childCompleted(d, event)
    case "ChildFailed":
    case "ChildCancelRequested":
      return childGone(d, event)
    case "StepFailed":
      return stepFailed(d, event)
    case "ErrorCaught":
      return errorCaught(d, event)
    default:
      return absurd(event)
  }
}
