import { Schema } from "effect"
import { CommandId, StreamId, TenantId } from "../../domain/ids.ts"
import { formatProblem } from "../../domain/Problem.ts"
import { RecordedEvent } from "./RecordedEvent.ts"

/** A stream whose head moved past the version the commit expected. */
export const StaleStream = Schema.Struct({ stream: StreamId, expected: Schema.Int, actual: Schema.Int })
export type StaleStream = typeof StaleStream.Type

/** The commit wrote nothing: at least one stream is not at the expected version (all are listed). */
export class StreamVersionConflict extends Schema.TaggedError<StreamVersionConflict>()(
  "StreamVersionConflict",
  {
    conflicts: Schema.NonEmptyArray(StaleStream)
  }
) {
  override get message(): string {
    return this.conflicts
      .map((c) => `Expected ${c.stream} at version ${c.expected}, but it is at version ${c.actual}`)
      .join("; ")
  }
}

/** What an earlier commit of a command recorded, so a repeat is answered from it. */
export const RecordedCommand = Schema.Struct({
  commandId: CommandId,
  stream: StreamId,
  firstVersion: Schema.Int,
  lastVersion: Schema.Int,
  events: Schema.Array(RecordedEvent)
})
export type RecordedCommand = typeof RecordedCommand.Type

/** The commit wrote nothing: its commands were recorded before with the same bodies. */
export class DuplicateCommand extends Schema.TaggedError<DuplicateCommand>()("DuplicateCommand", {
  duplicates: Schema.NonEmptyArray(RecordedCommand)
}) {
  override get message(): string {
    return this.duplicates
      .map(
        (d) =>
          `Command ${d.commandId} was already recorded on ${d.stream} (versions ${d.firstVersion}–${d.lastVersion})`
      )
      .join("; ")
  }
}

/** The commit wrote nothing: a command id was recorded before with another body. */
export class CommandBodyMismatch extends Schema.TaggedError<CommandBodyMismatch>()("CommandBodyMismatch", {
  commandId: CommandId,
  stream: StreamId
}) {
  override get message(): string {
    return `Expected command ${this.commandId} to repeat the body it was first sent with, but the body differs`
  }
}

/** The commit wrote nothing: the tenant's alias already names another stream. */
export class AliasTaken extends Schema.TaggedError<AliasTaken>()("AliasTaken", {
  tenant: TenantId,
  alias: Schema.String,
  stream: StreamId
}) {
  override get message(): string {
    return `Expected alias ${JSON.stringify(this.alias)} to be free in tenant ${this.tenant}, but it names ${this.stream}`
  }
}

const ProblemSchema = Schema.Struct({
  path: Schema.Array(Schema.Union(Schema.String, Schema.Number)),
  message: Schema.String
})

/** The commit wrote nothing: its input is invalid (ids, sizes, payloads that would not survive jsonb). */
export class InvalidCommit extends Schema.TaggedError<InvalidCommit>()("InvalidCommit", {
  problems: Schema.NonEmptyArray(ProblemSchema)
}) {
  override get message(): string {
    return this.problems.map(formatProblem).join("\n")
  }
}

/** The store failed (connection, SQL, a bug in a migration): an infrastructure failure. */
export class EventStoreError extends Schema.TaggedError<EventStoreError>()("EventStoreError", {
  message: Schema.String,
  cause: Schema.Defect
}) {}

/** Every way a commit can fail. */
export type CommitError =
  | StreamVersionConflict
  | DuplicateCommand
  | CommandBodyMismatch
  | AliasTaken
  | InvalidCommit
  | EventStoreError
