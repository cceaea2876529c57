import type { SchemaAST } from "effect"
import { Schema } from "effect"
import {
  ActivityCancelled,
  ActivityCompleted,
  ActivityFailed,
  ActivityScheduled,
  ChoiceMade,
  ContextSet,
  LogRecorded,
  StepPassed
} from "./activity.ts"
import { ChildCancelRequested, ChildCompleted, ChildFailed, ChildStartRequested } from "./child.ts"
import { ErrorCaught, StepFailed } from "./failure.ts"
import {
  CompensationStarted,
  IncidentRaised,
  IncidentResolved,
  InstanceCancelled,
  InstanceCompleted,
  InstanceFailed,
  InstanceMigrated,
  InstanceStarted,
  ParentNotified
} from "./lifecycle.ts"
import {
  MapCompleted,
  MapItemCancelled,
  MapItemCompleted,
  MapItemFailed,
  MapItemStarted,
  MapStarted
} from "./map.ts"
import {
  BranchCancelled,
  BranchCompleted,
  BranchFailed,
  ParallelJoined,
  ParallelStarted
} from "./parallel.ts"
import {
  TaskCancelled,
  TaskClaimed,
  TaskCompleted,
  TaskCreated,
  TaskEscalated,
  TaskReleased,
  TaskReminded
} from "./task.ts"
import { TimerCancelled, TimerFired, TimerScheduled } from "./timer.ts"
import { MessageBuffered, MessagesExpired, WaitCompleted, WaitEntered, WaitTimedOut } from "./wait.ts"

/**
 * Every event of an instance stream (docs/events.md). The encoded form is the storage
 * contract: add a tag, never change an old one's meaning; an upcaster sits beside a schema that
 * replaced an old one.
 */
export const InstanceEvent = Schema.Union(
  InstanceStarted,
  InstanceCompleted,
  InstanceFailed,
  InstanceCancelled,
  IncidentRaised,
  IncidentResolved,
  CompensationStarted,
  ParentNotified,
  InstanceMigrated,
  ActivityScheduled,
  ActivityCompleted,
  ActivityFailed,
  ActivityCancelled,
  ContextSet,
  LogRecorded,
  StepPassed,
  ChoiceMade,
  WaitEntered,
  WaitCompleted,
  WaitTimedOut,
  MessageBuffered,
  MessagesExpired,
  TaskCreated,
  TaskClaimed,
  TaskReleased,
  TaskReminded,
  TaskEscalated,
  TaskCompleted,
  TaskCancelled,
  ParallelStarted,
  BranchCompleted,
  BranchFailed,
  BranchCancelled,
  ParallelJoined,
  MapStarted,
  MapItemStarted,
  MapItemCompleted,
  MapItemFailed,
  MapItemCancelled,
  MapCompleted,
  ChildStartRequested,
  ChildCompleted,
  ChildFailed,
  ChildCancelRequested,
  TimerScheduled,
  TimerFired,
  TimerCancelled,
  StepFailed,
  ErrorCaught
).annotations({ identifier: "InstanceEvent" })
export type InstanceEvent = typeof InstanceEvent.Type
export type InstanceEventEncoded = typeof InstanceEvent.Encoded

/** One event type by tag: `EventOf<"ActivityScheduled">`. */
export type EventOf<T extends InstanceEvent["_tag"]> = Extract<InstanceEvent, { readonly _tag: T }>

/** Every tag, for tests that prove each is documented, covered and folded. */
export const instanceEventTags: ReadonlyArray<InstanceEvent["_tag"]> = InstanceEvent.members.map(
  (member) =>
    ((member.fields._tag.ast as Schema.PropertySignatureDeclaration).type as SchemaAST.Literal)
      .literal as InstanceEvent["_tag"]
)
