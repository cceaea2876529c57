import { spawn, type ChildProcess } from "node:child_process"
import { rm, writeFile } from "node:fs/promises"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { DataDirectoryHeld } from "../../../src/infra/embedded/EmbeddedPostgresError.ts"
import { isAlive, processStartTicks } from "../../../src/infra/embedded/processes.ts"
import { freshFolder, query, start, startFailure, waitUntil } from "./harness.ts"

const fixture = fileURLToPath(new URL("./fixtures/holdDataDir.ts", import.meta.url))

interface Holder {
  readonly process: ChildProcess
  /** The pid of the server it started. */
  readonly serverPid: number
  readonly exited: Promise<NodeJS.Signals | null>
  /** All it wrote to stdout and stderr so far. */
  readonly output: () => string
}

/** Another Foldflow process holding the folder: runs the fixture until it prints "ready <pid>". */
const holdInAnotherProcess = (dataDir: string): Promise<Holder> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fixture, dataDir], {
      stdio: ["ignore", "pipe", "pipe"]
    })
    const exited = new Promise<NodeJS.Signals | null>((done) =>
      child.once("exit", (_, signal) => done(signal))
    )
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString()
      const ready = /ready (\d+)/.exec(output)
      if (ready !== null)
        resolve({ process: child, serverPid: Number(ready[1]), exited, output: () => output })
    })
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()))
    void exited.then(() =>
      reject(new Error(`Expected the fixture to hold ${dataDir}, but it exited:\n${output}`))
    )
  })

const held = async (dataDir: string): Promise<DataDirectoryHeld> => {
  const failure = await startFailure({ dataDir })
  if (failure._tag !== "DataDirectoryHeld")
    throw new Error(`Expected DataDirectoryHeld, but got ${failure.message}`)
  return failure
}

describe("the data folder's lock", () => {
  let folder: string
  beforeAll(async () => {
    folder = await freshFolder()
  })
  afterAll(() => rm(folder, { recursive: true, force: true }))

  it("refuses a folder another Foldflow process holds, and is freed when that process gets SIGTERM", async () => {
    const dataDir = path.join(folder, "sigterm")
    const holder = await holdInAnotherProcess(dataDir)

    const failure = await held(dataDir)
    expect(failure.holder).toBe("foldflow")
    expect(failure.pid).toBe(holder.process.pid)
    expect(failure.message).toContain(`delete ${dataDir}.lock`)

    // The process stops its server, then dies of the signal as it would have without a server.
    holder.process.kill("SIGTERM")
    expect(await holder.exited).toBe("SIGTERM")
    expect(isAlive(holder.serverPid)).toBe(false)
    // Initialising, starting and stopping printed nothing: the server's log stays in memory.
    expect(holder.output()).toBe(`ready ${holder.serverPid}\n`)
    const after = await start({ dataDir })
    await after.stop()
  })

  it("stops the server when a Foldflow process gets SIGINT", async () => {
    const holder = await holdInAnotherProcess(path.join(folder, "sigint"))
    holder.process.kill("SIGINT")
    expect(await holder.exited).toBe("SIGINT")
    expect(isAlive(holder.serverPid)).toBe(false)
  })

  it("refuses a folder whose server outlived a killed Foldflow process, until that server stops", async () => {
    const dataDir = path.join(folder, "orphan")
    const holder = await holdInAnotherProcess(dataDir)
    // SIGKILL gives Foldflow no chance to stop its server: the server runs on, orphaned.
    holder.process.kill("SIGKILL")
    await holder.exited
    expect(isAlive(holder.serverPid)).toBe(true)

    const failure = await held(dataDir)
    expect(failure.holder).toBe("postgres")
    expect(failure.pid).toBe(holder.serverPid)
    expect(failure.message).toContain(`kill -INT ${holder.serverPid}`)

    // Doing what the message says frees the folder; the dead process's lock is stale and taken over.
    process.kill(holder.serverPid, "SIGINT")
    await waitUntil("the orphaned server to stop", () => !isAlive(holder.serverPid))
    const after = await start({ dataDir })
    expect(await query(after.server, "SELECT 1 AS one")).toEqual([{ one: 1 }])
    await after.stop()
  })

  it("refuses a lock that names a live process, however the lock file got there", async () => {
    const dataDir = path.join(folder, "foreign")
    const sleeper = spawn("sleep", ["60"])
    try {
      const pid = sleeper.pid ?? 0
      const record = {
        pid,
        startTicks: processStartTicks(pid),
        hostname: "elsewhere",
        since: "2026-01-01T00:00:00Z"
      }
      await writeFile(`${dataDir}.lock`, JSON.stringify(record))
      const failure = await held(dataDir)
      expect(failure.holder).toBe("foldflow")
      expect(failure.pid).toBe(pid)
      expect(failure.file).toBe(`${dataDir}.lock`)
    } finally {
      sleeper.kill()
    }
  })

  it("takes over a lock whose pid now belongs to another process", async () => {
    const dataDir = path.join(folder, "reused")
    const sleeper = spawn("sleep", ["60"])
    try {
      // Same pid, another start time: the process that wrote the lock is gone and its pid reused.
      const record = { pid: sleeper.pid, startTicks: "1", hostname: "here", since: "2026-01-01T00:00:00Z" }
      await writeFile(`${dataDir}.lock`, JSON.stringify(record))
      const taken = await start({ dataDir })
      await taken.stop()
    } finally {
      sleeper.kill()
    }
  })
})
