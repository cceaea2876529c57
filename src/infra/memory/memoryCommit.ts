import { DateTime, Either } from "effect"
import type { CommitResult } from "../../engine/ports/EventStore.ts"
import type { CommitError, RecordedCommand, StaleStream } from "../../engine/ports/EventStoreErrors.ts"
import {
  AliasTaken,
  CommandBodyMismatch,
  DuplicateCommand,
  StreamVersionConflict
} from "../../engine/ports/EventStoreErrors.ts"
import type { RecordedEvent } from "../../engine/ports/RecordedEvent.ts"
import { genesisHash } from "../../engine/ports/RecordedEvent.ts"
import { committed, type PreparedCommit } from "../prepareCommit.ts"
import type { MemoryState } from "./memoryState.ts"
import { applyRowChanges } from "./memoryState.ts"

/**
 * Applies a checked commit atomically (one synchronous step) with the Postgres store's
 * semantics and order of checks: duplicates, then aliases, then versions; nothing is written
 * unless every check passes.
 */
export const commitInMemory = (
  state: MemoryState,
  commit: PreparedCommit,
  now: DateTime.Utc
): Either.Either<CommitResult, CommitError> => {
  const duplicates: Array<{ record: RecordedCommand; same: boolean }> = []
  for (const append of commit.appends) {
    if (append.command === undefined) continue
    const record = state.dedup.get(`${append.tenant}/${append.command.id}`)
    if (record === undefined || !DateTime.greaterThan(record.expiresAt, now)) continue
    const events = state.streams.get(record.stream)?.events ?? []
    duplicates.push({
      same: record.bodyHash === append.command.bodyHash,
      record: {
        commandId: append.command.id,
        stream: record.stream,
        firstVersion: record.firstVersion,
        lastVersion: record.lastVersion,
        events: events.slice(record.firstVersion - 1, record.lastVersion)
      }
    })
  }
  const mismatch = duplicates.find((d) => !d.same)
  if (mismatch !== undefined)
    return Either.left(
      new CommandBodyMismatch({ commandId: mismatch.record.commandId, stream: mismatch.record.stream })
    )
  if (duplicates.length > 0)
    return Either.left(
      new DuplicateCommand({
        duplicates: duplicates.map((d) => d.record) as [RecordedCommand, ...Array<RecordedCommand>]
      })
    )

  for (const append of commit.appends) {
    if (append.alias === undefined) continue
    const named = state.aliases.get(`${append.tenant}/${append.alias}`)
    if (named !== undefined && named !== append.stream)
      return Either.left(new AliasTaken({ tenant: append.tenant, alias: append.alias, stream: named }))
  }

  const conflicts: Array<StaleStream> = []
  for (const append of commit.appends) {
    const head = state.streams.get(append.stream)
    const version = head?.version ?? 0
    if (version !== append.expected || (head?.lastHash ?? genesisHash) !== append.prevHash)
      conflicts.push({ stream: append.stream, expected: append.expected, actual: version })
  }
  if (conflicts.length > 0)
    return Either.left(
      new StreamVersionConflict({
        conflicts: conflicts.sort((a, b) => (a.stream < b.stream ? -1 : 1)) as [
          StaleStream,
          ...Array<StaleStream>
        ]
      })
    )

  const transaction = ++state.lastTransaction
  for (const append of commit.appends) {
    const head = state.streams.get(append.stream) ?? {
      tenant: append.tenant,
      version: 0,
      lastHash: genesisHash,
      events: []
    }
    for (const event of append.events) {
      const recorded: RecordedEvent = Object.freeze({
        stream: append.stream,
        version: event.version,
        type: event.type,
        data: deepFreeze(structuredClone(event.data)),
        metadata: deepFreeze(structuredClone(event.metadata)),
        hash: event.hash,
        position: ++state.lastPosition,
        recordedAt: now
      })
      head.events.push(recorded)
      state.log.push({ tenant: append.tenant, transaction, event: recorded })
    }
    head.version = append.lastVersion
    head.lastHash = append.lastHash
    state.streams.set(append.stream, head)
    if (append.command !== undefined)
      state.dedup.set(`${append.tenant}/${append.command.id}`, {
        bodyHash: append.command.bodyHash,
        stream: append.stream,
        firstVersion: append.expected + 1,
        lastVersion: append.lastVersion,
        expiresAt: append.command.expiresAt
      })
    if (append.alias !== undefined && !state.aliases.has(`${append.tenant}/${append.alias}`))
      state.aliases.set(`${append.tenant}/${append.alias}`, append.stream)
  }
  applyRowChanges(state, commit.rows)
  return Either.right(committed(commit.appends, now))
}

/** Stored payloads are shared with every reader, so nobody may change them. */
const deepFreeze = <A>(value: A): A => {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
