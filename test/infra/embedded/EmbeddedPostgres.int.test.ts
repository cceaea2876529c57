import { execFileSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { readFile, rm } from "node:fs/promises"
import path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { isAlive } from "../../../src/infra/embedded/processes.ts"
import { freshFolder, processesMentioning, query, start, startFailure, type Started } from "./harness.ts"

const asRoot = process.getuid?.() === 0

/** Listening TCP sockets on `port` from /proc/net/tcp{,6}, as hex local addresses. */
const listeningAddresses = (port: number): ReadonlyArray<string> =>
  ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((table) =>
    readFileSync(table, "utf8")
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter(
        (fields) =>
          fields[3] === "0A" && fields[1]?.endsWith(`:${port.toString(16).toUpperCase().padStart(4, "0")}`)
      )
      .map((fields) => fields[1]?.split(":")[0] ?? "")
  )

describe("EmbeddedPostgres started on an empty folder", () => {
  let folder: string
  let dataDir: string
  let started: Started

  beforeAll(async () => {
    folder = await freshFolder()
    dataDir = path.join(folder, "pg")
    started = await start({ dataDir })
  })
  afterAll(async () => {
    await started?.stop()
    await rm(folder, { recursive: true, force: true })
  })

  it("initialises the folder with initdb and answers queries as postgres", async () => {
    expect((await readFile(path.join(dataDir, "PG_VERSION"), "utf8")).trim()).toBe(
      started.server.version.split(".")[0]
    )
    expect(existsSync(path.join(dataDir, "foldflow-credentials.json"))).toBe(true)
    const [row] = await query(
      started.server,
      "SELECT current_user AS who, current_setting('server_encoding') AS encoding, " +
        "current_setting('data_checksums') AS checksums, current_setting('fsync') AS fsync"
    )
    expect(row).toEqual({ who: "postgres", encoding: "UTF8", checksums: "on", fsync: "off" })
  })

  it("listens on 127.0.0.1 only, with no Unix socket", async () => {
    const [row] = await query(
      started.server,
      "SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets"
    )
    expect(row).toEqual({ listen: "127.0.0.1", sockets: "" })
    expect(started.server.port).not.toBe(5432)
    // The kernel's view: every listening socket on the port is bound to 127.0.0.1 (0100007F).
    expect(listeningAddresses(started.server.port)).toEqual(["0100007F"])
  })

  it.runIf(asRoot)("runs the server as the postgres user when started as root", () => {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim())
    const status = readFileSync(`/proc/${started.server.pid}/status`, "utf8")
    expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe(String(uid))
  })

  it("refuses a second start on the folder while it runs", async () => {
    const failure = await startFailure({ dataDir })
    expect(failure._tag).toBe("DataDirectoryHeld")
    expect(failure.message).toContain(`Expected the embedded Postgres data folder ${dataDir} to be free`)
    expect(failure.message).toContain("another Foldflow process")
    // The refusal leaves the running server alone.
    expect(await query(started.server, "SELECT 1 AS one")).toEqual([{ one: 1 }])
  })
})

describe("EmbeddedPostgres stopped and started again", () => {
  let folder: string
  beforeAll(async () => {
    folder = await freshFolder()
  })
  afterAll(() => rm(folder, { recursive: true, force: true }))

  it("keeps what an earlier start wrote, leaves no process behind when stopped, and explains a failed start", async () => {
    const dataDir = path.join(folder, "pg")
    const first = await start({ dataDir })
    await query(first.server, "CREATE TABLE kept (word text); INSERT INTO kept VALUES ('still here')")
    await first.stop()

    expect(isAlive(first.server.pid)).toBe(false)
    expect(await processesMentioning(dataDir)).toEqual([])
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false)
    expect(existsSync(`${dataDir}.lock`)).toBe(false)

    // A start that fails says why in the server's own words.
    const failure = await startFailure({ dataDir, settings: { shared_buffers: "plenty" } })
    expect(failure.message).toContain(`Expected the embedded Postgres to start on ${dataDir}, but it exited`)
    expect(failure.message).toContain('invalid value for parameter "shared_buffers": "plenty"')

    const second = await start({ dataDir })
    try {
      expect(second.server.pid).not.toBe(first.server.pid)
      expect(await query(second.server, "SELECT word FROM kept")).toEqual([{ word: "still here" }])
    } finally {
      await second.stop()
    }
  })
})
