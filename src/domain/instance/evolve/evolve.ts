import { absurd } from "effect/Function"
import type { InstanceEvent } from "../events/InstanceEvent.ts"
import type { InstanceState } from "../state/InstanceState.ts"
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
 * default; every decision it needs is a field of the event.
 */
export const evolve = (state: InstanceState, event: InstanceEvent): InstanceState => {
  const next = apply(state, event)
  return { ...next, events: state.events + 1, updatedAt: event.at }
}

const apply = (state: InstanceState, event: InstanceEvent): InstanceState => {
  switch (event._tag) {
    case "InstanceStarted":
      return started(state, event)
    case "InstanceCompleted":
      return ended(state, "completed", { output: event.output }, event.at)
    case "InstanceFailed":
      return ended(state, "failed", { error: event.error }, event.at)
    case "InstanceCancelled":
      return ended(
        state,
        "cancelled",
        event.reason === undefined ? {} : { cancelReason: event.reason },
        event.at
      )
    case "IncidentRaised":
      return incidentRaised(state, event)
    case "IncidentResolved":
      return incidentResolved(state, event)
    case "CompensationStarted":
      return compensationStarted(state, event)
    case "ParentNotified":
      return state
    case "InstanceMigrated":
      return migrated(state, event)
    case "ActivityScheduled":
      return activityScheduled(state, event)
    case "ActivityCompleted":
      return activityCompleted(state, event)
    case "ActivityFailed":
      return activityFailed(state, event)
    case "ActivityCancelled":
      return activityCancelled(state, event)
    case "ContextSet":
    case "LogRecorded":
    case "StepPassed":
    case "ChoiceMade":
      return passed(state, event)
    case "WaitEntered":
      return waitEntered(state, event)
    case "WaitCompleted":
      return waitCompleted(state, event)
    case "WaitTimedOut":
      return waitTimedOut(state, event)
    case "MessageBuffered":
      return messageBuffered(state, event)
    case "MessagesExpired":
      return messagesExpired(state, event)
    case "TaskCreated":
      return taskCreated(state, event)
    case "TaskClaimed":
    case "TaskReleased":
    case "TaskEscalated":
      return taskChanged(state, event)
    case "TaskCompleted":
      return taskCompleted(state, event)
    case "TaskReminded":
    case "TaskCancelled":
      return state
    case "ParallelStarted":
      return parallelStarted(state, event)
    case "BranchCompleted":
    case "BranchFailed":
    case "BranchCancelled":
      return branchSettled(state, event)
    case "ParallelJoined":
      return parallelJoined(state, event)
    case "MapStarted":
      return mapStarted(state, event)
    case "MapItemStarted":
      return mapItemStarted(state, event)
    case "MapItemCompleted":
    case "MapItemFailed":
    case "MapItemCancelled":
      return mapItemSettled(state, event)
    case "MapCompleted":
      return mapCompleted(state, event)
    case "ChildStartRequested":
      return childStartRequested(state, event)
    case "ChildCompleted":
      return childCompleted(state, event)
    case "ChildFailed":
    case "ChildCancelRequested":
      return childGone(state, event)
    case "TimerScheduled":
      return timerScheduled(state, event)
    case "TimerFired":
    case "TimerCancelled":
      return timerGone(state, event)
    case "StepFailed":
      return stepFailed(state, event)
    case "ErrorCaught":
      return errorCaught(state, event)
    default:
      return absurd(event)
  }
}
