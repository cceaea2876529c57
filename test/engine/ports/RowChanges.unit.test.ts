import { describe, expect, it } from "@effect/vitest"
import { deleteRow, mergeRowChanges, upsertRow } from "../../../src/engine/ports/RowChanges.ts"

const key = (id: string) => ({ tenant_id: "acme", id })

describe("mergeRowChanges", () => {
  it("merges upserts of one row column by column, later values winning", () => {
    expect(
      mergeRowChanges([
        upsertRow("tasks", key("a"), { status: "open", attempts: 1 }),
        upsertRow("tasks", key("a"), { status: "claimed" })
      ])
    ).toEqual([
      { table: "tasks", key: key("a"), deleteFirst: false, upsert: { status: "claimed", attempts: 1 } }
    ])
  })

  it("keeps only the delete when a row is deleted after upserts", () => {
    expect(
      mergeRowChanges([upsertRow("tasks", key("a"), { status: "open" }), deleteRow("tasks", key("a"))])
    ).toEqual([{ table: "tasks", key: key("a"), deleteFirst: true, upsert: undefined }])
  })

  it("replaces a row upserted after a delete: delete first, then only the new columns", () => {
    expect(
      mergeRowChanges([
        upsertRow("tasks", key("a"), { status: "open", attempts: 3 }),
        deleteRow("tasks", key("a")),
        upsertRow("tasks", key("a"), { status: "new" })
      ])
    ).toEqual([{ table: "tasks", key: key("a"), deleteFirst: true, upsert: { status: "new" } }])
  })

  it("identifies a row by its key whatever the key's property order, and sorts by table and key", () => {
    const merged = mergeRowChanges([
      upsertRow("timers", { id: "b", tenant_id: "acme" }, { due: 2 }),
      upsertRow("tasks", key("z"), {}),
      upsertRow("timers", { tenant_id: "acme", id: "b" }, { fired: false }),
      upsertRow("timers", key("a"), { due: 1 })
    ])
    expect(merged.map((m) => [m.table, m.key["id"], m.upsert])).toEqual([
      ["tasks", "z", {}],
      ["timers", "a", { due: 1 }],
      ["timers", "b", { due: 2, fired: false }]
    ])
  })
})
