import { execFile } from "node:child_process"
import { readdirSync } from "node:fs"
import path from "node:path"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createTestDatabase, type TestDatabase } from "../../support/postgres.ts"
import { postgresKinds } from "../support/backends.ts"

const run = promisify(execFile)
const bin = path.resolve(import.meta.dirname, "../../../bin/foldflow.js")
// Every migration file, in the order the Migrator applies them.
const applied = readdirSync(path.resolve(import.meta.dirname, "../../../src/infra/pg/migrations"))
  .filter((file) => /^\d{4}_\w+\.ts$/.test(file))
  .sort()
  .map((file) => `Applied ${file.replace(/\.ts$/, "")}\n`)
  .join("")

const migrate = (url: string) =>
  run(process.execPath, [bin, "migrate"], { env: { ...process.env, DATABASE_URL: url } }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
    (error: { code: number; stdout: string; stderr: string }) => error
  )

// One server is enough: the command takes the same path for any DATABASE_URL, and each run pays
// for a Node start with TypeScript compilation.
const server = postgresKinds.find((k) => k.kind === "server")!

describe.skipIf(server.skip)("foldflow migrate against DATABASE_URL", () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase("server")
  })
  afterAll(() => database?.drop())

  it("applies every migration once, reports the database up to date after, and fails clearly on a missing one", async () => {
    const missing = new URL(database.url)
    missing.pathname = "/foldflow_no_such_database"
    const [first, failed] = await Promise.all([migrate(database.url), migrate(missing.toString())])
    expect(first.code).toBe(0)
    expect(applied).toContain("Applied 0005_append_function\n")
    expect(first.stdout.startsWith(applied)).toBe(true)
    expect(first.stdout.slice(applied.length)).toMatch(/^Migrated postgres@127\.0\.0\.1:\d+\/foldflow_test_/)
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain(
      'foldflow migrate failed: PgClient: Failed to connect: database "foldflow_no_such_database" does not exist'
    )
    const second = await migrate(database.url)
    expect(second.stdout).toMatch(/^Already up to date: /)
  })
})
