import { DateTime, Either } from "effect"
import type { CommandId, StreamId, TenantId } from "../../domain/ids.ts"
import type { Json } from "../../domain/json/Json.ts"
import type { CommitResult } from "../../engine/ports/EventStore.ts"
import type { CommitError, RecordedCommand, StaleStream } from "../../engine/ports/EventStoreErrors.ts"
import {
  AliasTaken,
  CommandBodyMismatch,
  DuplicateCommand,
  StreamVersionConflict
} from "../../engine/ports/EventStoreErrors.ts"
import type { RecordedEvent } from "../../engine/ports/RecordedEvent.ts"
import type { MergedRowChange } from "../../engine/ports/RowChanges.ts"
import { committed, type PreparedCommit } from "../prepareCommit.ts"

// The wire format of `foldflow_commit` (commits of several streams, or with idempotency records
// and aliases): what Node sends and what the function answers. See appendCall.ts for the rest.

/** The three JSON arguments of `foldflow_commit` (short keys: they are parsed once per commit). */
export interface CommitArguments {
  readonly appends: string
  readonly events: string
  readonly rows: string | null
}

export const encodeArguments = (commit: PreparedCommit): CommitArguments => {
  const appends = commit.appends.map((a) => ({
    t: a.tenant,
    s: a.stream,
    x: a.expected,
    p: a.prevHash,
    v: a.lastVersion,
    h: a.lastHash,
    ...(a.command === undefined
      ? {}
      : { c: a.command.id, b: a.command.bodyHash, e: DateTime.formatIso(a.command.expiresAt) }),
    ...(a.alias === undefined ? {} : { l: a.alias })
  }))
  // Payloads go as the canonical texts already made for hashing: each is serialised once.
  const events = commit.appends.flatMap((a) => {
    const prefix = `{"s":${JSON.stringify(a.stream)},"v":`
    return a.events.map(
      (e) =>
        `${prefix}${e.version},"y":${JSON.stringify(e.type)},"d":${e.dataText},"m":${e.metadataText},"h":"${e.hash}"}`
    )
  })
  return {
    appends: JSON.stringify(appends),
    events: `[${events.join(",")}]`,
    rows: commit.rows.length === 0 ? null : encodeRowChanges(commit.rows)
  }
}

/** Row changes as `foldflow_apply_row_change` takes them, one JSON array of grouped statements. */
export const encodeRowChanges = (rows: ReadonlyArray<MergedRowChange>): string =>
  JSON.stringify(groupRowChanges(rows))

/**
 * Row changes grouped into statements: every delete first (a delete followed by an upsert
 * replaces the row), then upserts grouped by the columns they set. Rows keep their sorted order.
 */
const groupRowChanges = (rows: ReadonlyArray<MergedRowChange>) => {
  const groups = new Map<
    string,
    { o: "d" | "u"; t: string; k: Array<string>; c?: Array<string>; r: Array<Json> }
  >()
  const add = (op: "d" | "u", change: MergedRowChange, columns: Array<string>, row: Record<string, Json>) => {
    const keys = Object.keys(change.key).sort()
    const id = `${op}\u0001${change.table}\u0001${columns.join(",")}`
    const group = groups.get(id) ?? {
      o: op,
      t: change.table,
      k: keys,
      ...(op === "u" ? { c: columns } : {}),
      r: []
    }
    group.r.push(row)
    groups.set(id, group)
  }
  for (const change of rows) if (change.deleteFirst) add("d", change, [], { ...change.key })
  for (const change of rows)
    if (change.upsert !== undefined)
      add("u", change, Object.keys(change.upsert).sort(), { ...change.key, ...change.upsert })
  return [...groups.values()].sort((a, b) => (a.o === b.o ? 0 : a.o === "d" ? -1 : 1))
}

export type Outcome =
  | { readonly ok: true; readonly at: number }
  | { readonly conflicts: ReadonlyArray<{ s: StreamId; x: number; v: number }> }
  | {
      readonly duplicates: ReadonlyArray<{ c: CommandId; s: StreamId; f: number; l: number; same: boolean }>
      readonly events: ReadonlyArray<EventJson>
    }
  | { readonly aliases: ReadonlyArray<{ t: TenantId; l: string; s: StreamId }> }

/** An event as the commit function returns it (for answering a duplicate). */
export interface EventJson {
  readonly s: StreamId
  readonly v: number
  readonly y: string
  readonly d: Json
  readonly m: Json
  readonly h: string
  readonly p: number | string
  readonly at: number
}

export const eventFromJson = (e: EventJson): RecordedEvent => ({
  stream: e.s,
  version: e.v,
  type: e.y,
  data: e.d,
  metadata: e.m,
  hash: e.h,
  position: Number(e.p),
  recordedAt: DateTime.unsafeMake(Math.floor(e.at))
})

export const decodeOutcome = (
  commit: PreparedCommit,
  outcome: Outcome
): Either.Either<CommitResult, CommitError> => {
  if ("ok" in outcome)
    return Either.right(committed(commit.appends, DateTime.unsafeMake(Math.floor(outcome.at))))
  if ("conflicts" in outcome) {
    const conflicts = outcome.conflicts.map((c): StaleStream => ({ stream: c.s, expected: c.x, actual: c.v }))
    return Either.left(
      new StreamVersionConflict({ conflicts: conflicts as [StaleStream, ...Array<StaleStream>] })
    )
  }
  if ("aliases" in outcome) {
    const [taken] = outcome.aliases
    return Either.left(new AliasTaken({ tenant: taken!.t, alias: taken!.l, stream: taken!.s }))
  }
  const mismatch = outcome.duplicates.find((d) => !d.same)
  if (mismatch !== undefined)
    return Either.left(new CommandBodyMismatch({ commandId: mismatch.c, stream: mismatch.s }))
  const events = outcome.events.map(eventFromJson)
  const duplicates = outcome.duplicates.map((d): RecordedCommand => ({
    commandId: d.c,
    stream: d.s,
    firstVersion: d.f,
    lastVersion: d.l,
    events: events.filter((e) => e.stream === d.s && e.version >= d.f && e.version <= d.l)
  }))
  return Either.left(
    new DuplicateCommand({ duplicates: duplicates as [RecordedCommand, ...Array<RecordedCommand>] })
  )
}
