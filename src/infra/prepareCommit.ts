import { DateTime, Either, ParseResult, Schema } from "effect"
import type { StreamId, TenantId } from "../domain/ids.ts"
import { CommandId, StreamId as StreamIdSchema, tenantOf } from "../domain/ids.ts"
import type { Json } from "../domain/json/Json.ts"
import { jsonbProblems } from "../domain/json/jsonbSafety.ts"
import type { PathSegment, Problem } from "../domain/Problem.ts"
import type { Alias, Append } from "../engine/ports/EventStore.ts"
import { Alias as AliasSchema } from "../engine/ports/EventStore.ts"
import { InvalidCommit } from "../engine/ports/EventStoreErrors.ts"
import { EventType, genesisHash } from "../engine/ports/RecordedEvent.ts"
import type { MergedRowChange, RowChanges } from "../engine/ports/RowChanges.ts"
import { mergeRowChanges } from "../engine/ports/RowChanges.ts"
import { canonicalJson, sha256Hex } from "../domain/json/canonical.ts"
import { linkTextOf } from "./hashChain.ts"

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

export interface CommitLimits {
  /** The largest event, in UTF-8 bytes of its canonical (hashed) form. */
  readonly maxEventBytes: number
}

/** SQL names a row change may use; the store's own tables are out of reach. */
const identifier = /^[a-z_][a-z0-9_]{0,62}$/
const storeTable =
  /^(events.*|streams|command_dedup|instance_aliases|feed_checkpoints|effect_sql_migrations)$/
const hexHash = /^[0-9a-f]{64}$/
const bodyHash = /^[\x21-\x7e]{1,128}$/

/**
 * Checks a commit completely and computes its hash chains in Node, so nothing invalid reaches
 * the database and nothing is half-written: ids, versions, event types, payloads that would not
 * survive jsonb, event sizes, idempotency records, aliases and row changes. All problems are
 * reported at once, each with its path.
 */
export const prepareCommit = (
  appends: ReadonlyArray<Append>,
  rows: RowChanges,
  limits: CommitLimits
): Either.Either<PreparedCommit, InvalidCommit> => {
  const problems: Array<Problem> = []
  const report = (path: ReadonlyArray<PathSegment>, message: string) => problems.push({ path, message })
  const seenStreams = new Set<string>()
  const seenClaims = new Set<string>()
  const prepared: Array<PreparedAppend> = []

  appends.forEach((append, index) => {
    const at = ["appends", index]
    const streamOk = checkSchema(StreamIdSchema, append.stream, [...at, "stream"], report)
    if (!streamOk) return
    const stream = append.stream
    const tenant = tenantOf(stream)
    if (seenStreams.has(stream))
      report([...at, "stream"], `Expected each stream once per commit, but ${stream} repeats`)
    seenStreams.add(stream)
    if (!Number.isSafeInteger(append.expected) || append.expected < 0)
      report([...at, "expected"], `Expected a version (an integer ≥ 0), but got ${String(append.expected)}`)
    if (typeof append.prevHash !== "string" || !hexHash.test(append.prevHash))
      report(
        [...at, "prevHash"],
        `Expected 64 lower-case hex digits, but got ${JSON.stringify(append.prevHash)}`
      )
    else if (append.expected === 0 && append.prevHash !== genesisHash)
      report([...at, "prevHash"], "Expected 64 zeros before a new stream's first event, but got another hash")
    if (append.events.length === 0) report([...at, "events"], "Expected at least one event, but got none")
    if (append.command !== undefined) {
      const command = append.command
      if (checkSchema(CommandId, command.id, [...at, "command", "id"], report)) {
        const claim = `c/${tenant}/${command.id}`
        if (seenClaims.has(claim))
          report([...at, "command", "id"], `Expected each command once per commit, but ${command.id} repeats`)
        seenClaims.add(claim)
      }
      if (typeof command.bodyHash !== "string" || !bodyHash.test(command.bodyHash))
        report([...at, "command", "bodyHash"], "Expected a body hash of 1 to 128 printable ASCII characters")
      if (!DateTime.isDateTime(command.expiresAt))
        report([...at, "command", "expiresAt"], "Expected the record's expiry as a DateTime")
    }
    if (append.alias !== undefined && checkSchema(AliasSchema, append.alias, [...at, "alias"], report)) {
      const claim = `l/${tenant}/${append.alias}`
      if (seenClaims.has(claim))
        report([...at, "alias"], `Expected each alias once per commit, but ${append.alias} repeats`)
      seenClaims.add(claim)
    }

    let prev = append.prevHash
    const events: Array<PreparedEvent> = []
    append.events.forEach((event, eventIndex) => {
      const eventAt = [...at, "events", eventIndex]
      const version = append.expected + eventIndex + 1
      const before = problems.length
      checkSchema(EventType, event.type, [...eventAt, "type"], report)
      for (const problem of jsonbProblems(event.data))
        report([...eventAt, "data", ...problem.path], problem.message)
      for (const problem of jsonbProblems(event.metadata))
        report([...eventAt, "metadata", ...problem.path], problem.message)
      if (problems.length > before) return
      const dataText = canonicalJson(event.data)
      const metadataText = canonicalJson(event.metadata)
      const text = linkTextOf(prev, tenant, stream, version, event.type, dataText, metadataText)
      const bytes = Buffer.byteLength(text, "utf8")
      if (bytes > limits.maxEventBytes)
        report(eventAt, `Expected an event of at most ${limits.maxEventBytes} bytes, but it has ${bytes}`)
      const hash = sha256Hex(text)
      events.push({
        version,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        dataText,
        metadataText,
        hash
      })
      prev = hash
    })
    prepared.push({
      tenant,
      stream,
      expected: append.expected,
      prevHash: append.prevHash,
      lastVersion: append.expected + append.events.length,
      lastHash: prev,
      events,
      command: append.command,
      alias: append.alias
    })
  })

  checkRowChanges(rows, report)
  if (problems.length > 0)
    return Either.left(new InvalidCommit({ problems: problems as [Problem, ...Array<Problem>] }))
  return Either.right({ appends: prepared, rows: mergeRowChanges(rows) })
}

const checkRowChanges = (
  rows: RowChanges,
  report: (path: ReadonlyArray<PathSegment>, message: string) => void
) => {
  const keyColumns = new Map<string, string>()
  rows.forEach((change, index) => {
    const at = ["rows", index]
    if (typeof change.table !== "string" || !identifier.test(change.table)) {
      report([...at, "table"], `Expected a lower-case SQL name, but got ${JSON.stringify(change.table)}`)
      return
    }
    if (storeTable.test(change.table))
      report([...at, "table"], `Expected a derived table, but ${change.table} belongs to the event store`)
    const keys = Object.keys(change.key).sort()
    if (keys.length === 0) report([...at, "key"], "Expected at least one key column, but the key is empty")
    const keySignature = keys.join(",")
    const known = keyColumns.get(change.table)
    if (known !== undefined && known !== keySignature)
      report(
        [...at, "key"],
        `Expected the key columns of ${change.table} to be (${known}), but got (${keySignature})`
      )
    keyColumns.set(change.table, known ?? keySignature)
    const checkValues = (values: Readonly<Record<string, Json>>, field: string) => {
      for (const [column, value] of Object.entries(values)) {
        if (!identifier.test(column))
          report(
            [...at, field, column],
            `Expected a lower-case SQL column name, but got ${JSON.stringify(column)}`
          )
        for (const problem of jsonbProblems(value))
          report([...at, field, column, ...problem.path], problem.message)
      }
    }
    checkValues(change.key, "key")
    if (change._tag === "UpsertRow") {
      checkValues(change.columns, "columns")
      for (const column of Object.keys(change.columns))
        if (column in change.key)
          report([...at, "columns", column], `Expected a non-key column, but ${column} is in the key`)
    }
  })
}

const validators = new WeakMap<Schema.Schema.Any, (value: unknown) => boolean>()

/** Checks a value against a schema; the compiled `Schema.is` makes the common, valid case cheap. */
const checkSchema = <A, I>(
  schema: Schema.Schema<A, I>,
  value: unknown,
  path: ReadonlyArray<PathSegment>,
  report: (path: ReadonlyArray<PathSegment>, message: string) => void
): boolean => {
  let is = validators.get(schema)
  if (is === undefined) {
    is = Schema.is(schema)
    validators.set(schema, is)
  }
  if (is(value)) return true
  const result = Schema.decodeUnknownEither(schema)(value)
  if (Either.isRight(result)) return true
  for (const issue of ParseResult.ArrayFormatter.formatErrorSync(result.left))
    report(
      [...path, ...issue.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment))],
      issue.message
    )
  return false
}
