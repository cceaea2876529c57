import type { DateTime } from "effect"
import type { StreamId, TenantId } from "../../domain/ids.ts"
import type { Json } from "../../domain/json/Json.ts"
import type { RecordedEvent } from "../../engine/ports/RecordedEvent.ts"
import type { MergedRowChange } from "../../engine/ports/RowChanges.ts"
import { rowIdentity } from "../../engine/ports/RowChanges.ts"

export interface MemoryStream {
  readonly tenant: TenantId
  version: number
  lastHash: string
  readonly events: Array<RecordedEvent>
}

/** An event in the feed log; `transaction` is the commit's number (feed order is commit order here). */
export interface LoggedEvent {
  readonly tenant: TenantId
  readonly transaction: bigint
  readonly event: RecordedEvent
}

export interface DedupRecord {
  readonly bodyHash: string
  readonly stream: StreamId
  readonly firstVersion: number
  readonly lastVersion: number
  readonly expiresAt: DateTime.Utc
}

export type Row = Record<string, Json>

/** Everything the in-memory store holds; mutated only inside single synchronous steps. */
export interface MemoryState {
  readonly streams: Map<StreamId, MemoryStream>
  readonly log: Array<LoggedEvent>
  readonly dedup: Map<string, DedupRecord>
  readonly aliases: Map<string, StreamId>
  readonly checkpoints: Map<string, { readonly transaction: bigint; readonly position: bigint }>
  readonly tables: Map<string, Map<string, Row>>
  lastTransaction: bigint
  lastPosition: number
}

export const emptyState = (): MemoryState => ({
  streams: new Map(),
  log: [],
  dedup: new Map(),
  aliases: new Map(),
  checkpoints: new Map(),
  tables: new Map(),
  lastTransaction: 0n,
  lastPosition: 0
})

/** Applies merged row changes as Postgres would: deletes first, then upserts merging columns. */
export const applyRowChanges = (state: MemoryState, changes: ReadonlyArray<MergedRowChange>): void => {
  const tableOf = (name: string) => {
    const existing = state.tables.get(name)
    if (existing !== undefined) return existing
    const created = new Map<string, Row>()
    state.tables.set(name, created)
    return created
  }
  for (const change of changes)
    if (change.deleteFirst) tableOf(change.table).delete(rowIdentity(change.table, change.key))
  for (const change of changes) {
    if (change.upsert === undefined) continue
    const table = tableOf(change.table)
    const id = rowIdentity(change.table, change.key)
    table.set(id, structuredClone({ ...table.get(id), ...change.upsert, ...change.key }))
  }
}
