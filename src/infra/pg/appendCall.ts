import { DateTime, Either } from "effect"
import type { CommitResult } from "../../engine/ports/EventStore.ts"
import { StreamVersionConflict } from "../../engine/ports/EventStoreErrors.ts"
import { committed, type PreparedAppend } from "../prepareCommit.ts"

// The common commit — one stream, no idempotency record, no alias — as a call of
// `foldflow_append` (one commit) or `foldflow_append_batch` (several coalesced), with typed
// parameters: scalars for the head, arrays for event types and hashes, and the payloads as JSON
// arrays of the canonical texts already hashed (each serialised once, never escaped again).

/** One common commit, ready to be sent: its append and its grouped row changes as JSON text. */
export interface AppendCall {
  readonly append: PreparedAppend
  readonly rows: string | null
}

/**
 * `r` is the outcome: the commit's time in epoch milliseconds when appended, else -1 - the
 * stream's actual version (see migration 0005).
 */
export const appendSql = `SELECT public.foldflow_append($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10::jsonb) AS r`

/** `r` holds one outcome per commit, in the order sent. */
export const appendBatchSql = `SELECT public.foldflow_append_batch($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10,
  $11::jsonb) AS r`

const jsonArray = (texts: ReadonlyArray<string>): string => `[${texts.join(",")}]`

export const appendParameters = (call: AppendCall): ReadonlyArray<unknown> => {
  const a = call.append
  const n = a.events.length
  const types = new Array<string>(n)
  const data = new Array<string>(n)
  const metadata = new Array<string>(n)
  const hashes = new Array<string>(n)
  for (let i = 0; i < n; i++) {
    const e = a.events[i]!
    types[i] = e.type
    data[i] = e.dataText
    metadata[i] = e.metadataText
    hashes[i] = e.hash
  }
  return [
    a.tenant,
    a.stream,
    a.expected,
    a.prevHash,
    a.lastHash,
    types,
    jsonArray(data),
    jsonArray(metadata),
    hashes,
    call.rows
  ]
}

export const appendBatchParameters = (calls: ReadonlyArray<AppendCall>): ReadonlyArray<unknown> => {
  const tenants: Array<string> = []
  const streams: Array<string> = []
  const expected: Array<number> = []
  const prevHashes: Array<string> = []
  const lastHashes: Array<string> = []
  const counts: Array<number> = []
  const types: Array<string> = []
  const data: Array<string> = []
  const metadata: Array<string> = []
  const hashes: Array<string> = []
  const commitData: Array<string> = []
  const commitMetadata: Array<string> = []
  let withRows = false
  for (const { append: a, rows } of calls) {
    tenants.push(a.tenant)
    streams.push(a.stream)
    expected.push(a.expected)
    prevHashes.push(a.prevHash)
    lastHashes.push(a.lastHash)
    counts.push(a.events.length)
    data.length = 0
    metadata.length = 0
    for (const e of a.events) {
      types.push(e.type)
      data.push(e.dataText)
      metadata.push(e.metadataText)
      hashes.push(e.hash)
    }
    commitData.push(jsonArray(data))
    commitMetadata.push(jsonArray(metadata))
    withRows ||= rows !== null
  }
  const rows = withRows ? `[${calls.map((c) => c.rows ?? "null").join(",")}]` : null
  return [
    tenants,
    streams,
    expected,
    prevHashes,
    lastHashes,
    counts,
    types,
    jsonArray(commitData),
    jsonArray(commitMetadata),
    hashes,
    rows
  ]
}

/** A commit's result from its outcome: appended, or a conflict naming the actual version. */
export const appendResult = (
  append: PreparedAppend,
  outcome: number
): Either.Either<CommitResult, StreamVersionConflict> =>
  outcome >= 0
    ? Either.right(committed([append], DateTime.unsafeMake(Math.floor(outcome))))
    : Either.left(
        new StreamVersionConflict({
          conflicts: [{ stream: append.stream, expected: append.expected, actual: -1 - outcome }]
        })
      )
