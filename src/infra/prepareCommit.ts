import { DateTime, Either } from "effect"
import type { StreamId, TenantId } from "../domain/ids.ts"
import { CommandId, StreamId as StreamIdSchema, tenantOf } from "../domain/ids.ts"
import type { Json } from "../domain/json/Json.ts"
import type { PathSegment, Problem } from "../domain/Problem.ts"
import type { Alias, Append, CommitResult } from "../engine/ports/EventStore.ts"
import { Alias as AliasSchema } from "../engine/ports/EventStore.ts"
import { InvalidCommit } from "../engine/ports/EventStoreErrors.ts"
import { EventType, genesisHash } from "../engine/ports/RecordedEvent.ts"
import type { MergedRowChange, RowChanges } from "../engine/ports/RowChanges.ts"
import { mergeRowChanges } from "../engine/ports/RowChanges.ts"
import { canonicalJson } from "../domain/json/canonical.ts"
import { checkRowChanges } from "./checkRowChanges.ts"
import { linkTextOf, nativeSha256Hex } from "./hashChain.ts"
import { checkPayload, checkSchema, Problems } from "./inputChecks.ts"

/** An event checked and hashed, ready to be written at its version. */
export interface PreparedEvent {
  readonly version: number
  readonly type: string
  readonly data: Json
  readonly metadata: Json
  /** Canonical JSON of `data` and `metadata`: hashed, and sent to the database as they are. */
  readonly dataText: string
  readonly metadataText: string
  readonly hash: string
}

export interface PreparedAppend {
  readonly tenant: TenantId
  readonly stream: StreamId
  readonly expected: number
  readonly prevHash: string
  readonly lastVersion: number
  readonly lastHash: string
  readonly events: ReadonlyArray<PreparedEvent>
  readonly command:
    { readonly id: CommandId; readonly bodyHash: string; readonly expiresAt: DateTime.Utc } | undefined
  readonly alias: Alias | undefined
}

export interface PreparedCommit {
  readonly appends: ReadonlyArray<PreparedAppend>
  readonly rows: ReadonlyArray<MergedRowChange>
}

/** What a commit that went through answers: every append's new head, and the commit's time. */
export const committed = (
  appends: ReadonlyArray<PreparedAppend>,
  recordedAt: DateTime.Utc
): CommitResult => ({
  appended: appends.map((a) => ({
    stream: a.stream,
    firstVersion: a.expected + 1,
    lastVersion: a.lastVersion,
    lastHash: a.lastHash
  })),
  recordedAt
})

export interface CommitLimits {
  /** The largest event, in UTF-8 bytes of its canonical (hashed) form. */
  readonly maxEventBytes: number
}

const hexHash = /^[0-9a-f]{64}$/
const bodyHash = /^[\x21-\x7e]{1,128}$/

/**
 * Checks a commit completely and computes its hash chains in Node, so nothing invalid reaches
 * the database and nothing is half-written: ids, versions, event types, payloads that would not
 * survive jsonb, event sizes, idempotency records, aliases and row changes. All problems are
 * reported at once, each with its path. Each payload is serialised once (canonical JSON), for
 * its size, its hash and the database.
 */
export const prepareCommit = (
  appends: ReadonlyArray<Append>,
  rows: RowChanges,
  limits: CommitLimits
): Either.Either<PreparedCommit, InvalidCommit> => {
  const problems = new Problems()
  const seenStreams = new Set<string>()
  const seenClaims = new Set<string>()
  const prepared: Array<PreparedAppend> = []

  appends.forEach((append, index) => {
    const at = (...rest: ReadonlyArray<PathSegment>) => ["appends", index, ...rest]
    if (!checkSchema(problems, StreamIdSchema, append.stream, () => at("stream"))) return
    const stream = append.stream
    const tenant = tenantOf(stream)
    if (seenStreams.has(stream))
      problems.add(at("stream"), `Expected each stream once per commit, but ${stream} repeats`)
    seenStreams.add(stream)
    if (!Number.isSafeInteger(append.expected) || append.expected < 0)
      problems.add(at("expected"), `Expected a version (an integer ≥ 0), but got ${String(append.expected)}`)
    if (typeof append.prevHash !== "string" || !hexHash.test(append.prevHash))
      problems.add(
        at("prevHash"),
        `Expected 64 lower-case hex digits, but got ${JSON.stringify(append.prevHash)}`
      )
    else if (append.expected === 0 && append.prevHash !== genesisHash)
      problems.add(
        at("prevHash"),
        "Expected 64 zeros before a new stream's first event, but got another hash"
      )
    if (append.events.length === 0) problems.add(at("events"), "Expected at least one event, but got none")
    const command = append.command
    if (command !== undefined) {
      if (checkSchema(problems, CommandId, command.id, () => at("command", "id"))) {
        const claim = `c/${tenant}/${command.id}`
        if (seenClaims.has(claim))
          problems.add(
            at("command", "id"),
            `Expected each command once per commit, but ${command.id} repeats`
          )
        seenClaims.add(claim)
      }
      if (typeof command.bodyHash !== "string" || !bodyHash.test(command.bodyHash))
        problems.add(at("command", "bodyHash"), "Expected a body hash of 1 to 128 printable ASCII characters")
      if (!DateTime.isDateTime(command.expiresAt))
        problems.add(at("command", "expiresAt"), "Expected the record's expiry as a DateTime")
    }
    if (append.alias !== undefined && checkSchema(problems, AliasSchema, append.alias, () => at("alias"))) {
      const claim = `l/${tenant}/${append.alias}`
      if (seenClaims.has(claim))
        problems.add(at("alias"), `Expected each alias once per commit, but ${append.alias} repeats`)
      seenClaims.add(claim)
    }

    let prev = append.prevHash
    const events: Array<PreparedEvent> = []
    append.events.forEach((event, eventIndex) => {
      const version = append.expected + eventIndex + 1
      const before = problems.count
      checkSchema(problems, EventType, event.type, () => at("events", eventIndex, "type"))
      checkPayload(problems, event.data, () => at("events", eventIndex, "data"))
      checkPayload(problems, event.metadata, () => at("events", eventIndex, "metadata"))
      if (problems.count > before) return
      const dataText = canonicalJson(event.data)
      const metadataText = canonicalJson(event.metadata)
      const text = linkTextOf(prev, tenant, stream, version, event.type, dataText, metadataText)
      const bytes = Buffer.byteLength(text, "utf8")
      if (bytes > limits.maxEventBytes) {
        problems.add(
          at("events", eventIndex),
          `Expected an event of at most ${limits.maxEventBytes} bytes, but it has ${bytes}`
        )
        return
      }
      prev = nativeSha256Hex(text)
      events.push({
        version,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        dataText,
        metadataText,
        hash: prev
      })
    })
    prepared.push({
      tenant,
      stream,
      expected: append.expected,
      prevHash: append.prevHash,
      lastVersion: append.expected + append.events.length,
      lastHash: prev,
      events,
      command,
      alias: append.alias
    })
  })

  checkRowChanges(problems, rows)
  if (problems.count > 0)
    return Either.left(new InvalidCommit({ problems: problems.list as [Problem, ...Array<Problem>] }))
  return Either.right({ appends: prepared, rows: mergeRowChanges(rows) })
}
