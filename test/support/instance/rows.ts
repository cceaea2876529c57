import type { RowChanges } from "../../../src/engine/ports/RowChanges.ts"
import { rowIdentity } from "../../../src/engine/ports/RowChanges.ts"

/** Tables as the store would hold them: rows by (table, key), upserts merging columns, deletes removing. */
export type Tables = Map<string, Readonly<Record<string, unknown>>>

export const applyRows = (tables: Tables, changes: RowChanges): Tables => {
  for (const change of changes) {
    const id = rowIdentity(change.table, change.key)
    if (change._tag === "DeleteRow") tables.delete(id)
    else tables.set(id, { ...(tables.get(id) ?? change.key), ...change.columns })
  }
  return tables
}

/** The rows in a stable order, for comparing two tables. */
export const rowsOf = (tables: Tables): ReadonlyArray<readonly [string, Readonly<Record<string, unknown>>]> =>
  [...tables.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
