import { Schema } from "effect"

/** Why a command was refused; the state is unchanged. */
export const RejectionReason = Schema.Literal(
  "not-started",
  "already-started",
  "wrong-workflow",
  "invalid-input",
  "finished",
  "ending",
  "unknown-attempt",
  "timer-not-due",
  "task-not-open",
  "not-eligible",
  "task-claimed",
  "not-claimant",
  "invalid-form-data",
  "unknown-outcome",
  "not-in-incident",
  "invalid-payload"
)
export type RejectionReason = typeof RejectionReason.Type

/** A command the instance refuses, with a message in the form "Expected …, but …". */
export class InstanceRejection extends Schema.TaggedError<InstanceRejection>()("InstanceRejection", {
  reason: RejectionReason,
  message: Schema.String
}) {}

export const reject = (reason: RejectionReason, message: string): InstanceRejection =>
  new InstanceRejection({ reason, message })
