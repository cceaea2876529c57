import type { RowChanges, RowValues } from "../engine/ports/RowChanges.ts"
import type { Problems } from "./inputChecks.ts"
import { checkPayload } from "./inputChecks.ts"

/** SQL names a row change may use; the store's own tables are out of reach. */
const identifier = /^[a-z_][a-z0-9_]{0,62}$/
const storeTable =
  /^(events.*|streams|command_dedup|instance_aliases|feed_checkpoints|effect_sql_migrations)$/

/**
 * Checks row changes before they reach SQL: lower-case identifiers, derived tables only, one set
 * of key columns per table, no key column among the columns set, values that survive jsonb.
 */
export const checkRowChanges = (problems: Problems, rows: RowChanges): void => {
  const keyColumns = new Map<string, string>()
  rows.forEach((change, index) => {
    const at = (...rest: ReadonlyArray<string>) => ["rows", index, ...rest]
    if (typeof change.table !== "string" || !identifier.test(change.table)) {
      problems.add(at("table"), `Expected a lower-case SQL name, but got ${JSON.stringify(change.table)}`)
      return
    }
    if (storeTable.test(change.table))
      problems.add(at("table"), `Expected a derived table, but ${change.table} belongs to the event store`)
    const keys = Object.keys(change.key).sort()
    if (keys.length === 0) problems.add(at("key"), "Expected at least one key column, but the key is empty")
    const signature = keys.join(",")
    const known = keyColumns.get(change.table)
    if (known !== undefined && known !== signature)
      problems.add(
        at("key"),
        `Expected the key columns of ${change.table} to be (${known}), but got (${signature})`
      )
    keyColumns.set(change.table, known ?? signature)
    const checkValues = (values: RowValues, field: string) => {
      for (const [column, value] of Object.entries(values)) {
        if (!identifier.test(column))
          problems.add(
            at(field, column),
            `Expected a lower-case SQL column name, but got ${JSON.stringify(column)}`
          )
        checkPayload(problems, value, () => at(field, column))
      }
    }
    checkValues(change.key, "key")
    if (change._tag === "UpsertRow") {
      checkValues(change.columns, "columns")
      for (const column of Object.keys(change.columns))
        if (column in change.key)
          problems.add(at("columns", column), `Expected a non-key column, but ${column} is in the key`)
    }
  })
}
