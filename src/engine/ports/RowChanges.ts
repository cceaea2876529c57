import { canonicalJson } from "../../domain/json/canonical.ts"
import type { Json } from "../../domain/json/Json.ts"

/**
 * Generic changes to derived rows (executions, tasks, work queue, timers, outbox), produced by
 * pure projectors with no reads and applied by the event store in the same round trip as the
 * events. A table is named by its SQL name; a row by the values of its key columns.
 */
export type RowValues = Readonly<Record<string, Json>>

export interface UpsertRow {
  readonly _tag: "UpsertRow"
  readonly table: string
  readonly key: RowValues
  /** The non-key columns to set; columns not named keep their value (or their default on insert). */
  readonly columns: RowValues
}

export interface DeleteRow {
  readonly _tag: "DeleteRow"
  readonly table: string
  readonly key: RowValues
}

export type RowChange = UpsertRow | DeleteRow

/** Changes in the order the projectors produced them; the store merges them per key. */
export type RowChanges = ReadonlyArray<RowChange>

export const upsertRow = (table: string, key: RowValues, columns: RowValues = {}): UpsertRow => ({
  _tag: "UpsertRow",
  table,
  key,
  columns
})

export const deleteRow = (table: string, key: RowValues): DeleteRow => ({ _tag: "DeleteRow", table, key })

/**
 * The net effect of all changes to one row: delete it first (when any change deleted it), then
 * upsert the merged columns (when any change after the last delete upserted it).
 */
export interface MergedRowChange {
  readonly table: string
  readonly key: RowValues
  readonly deleteFirst: boolean
  readonly upsert: RowValues | undefined
}

/**
 * Merges changes per (table, key), later changes winning column by column; an upsert after a
 * delete replaces the row. The result is sorted by table and key, so two commits touching the
 * same rows lock them in the same order.
 */
export const mergeRowChanges = (changes: RowChanges): ReadonlyArray<MergedRowChange> => {
  const merged = new Map<string, MergedRowChange>()
  for (const change of changes) {
    const id = rowIdentity(change.table, change.key)
    const previous = merged.get(id)
    if (change._tag === "DeleteRow") {
      merged.set(id, { table: change.table, key: change.key, deleteFirst: true, upsert: undefined })
    } else {
      merged.set(id, {
        table: change.table,
        key: change.key,
        deleteFirst: previous?.deleteFirst ?? false,
        upsert: { ...previous?.upsert, ...change.columns }
      })
    }
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, change]) => change)
}

/** A stable identity of a row: its table and the canonical JSON of its key. */
export const rowIdentity = (table: string, key: RowValues): string => `${table}\u0001${canonicalJson(key)}`
