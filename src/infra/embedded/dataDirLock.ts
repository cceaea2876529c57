import { randomUUID } from "node:crypto"
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises"
import os from "node:os"
import path from "node:path"
import { Effect, type Scope } from "effect"
import {
  attempt,
  DataDirectoryHeld,
  errnoCode,
  refuse,
  type EmbeddedPostgresError
} from "./EmbeddedPostgresError.ts"
import { isAlive, processStartTicks } from "./processes.ts"

/** What a lock file records: enough to tell a live holder from one whose pid was reused. */
interface LockRecord {
  readonly pid: number
  readonly startTicks?: string | undefined
  readonly hostname: string
  readonly since: string
}

/** Lock files this process holds, so a second start in the same process is refused too. */
const heldHere = new Set<string>()

const readText = (file: string): Effect.Effect<string | undefined, EmbeddedPostgresError> =>
  attempt(`to read ${file}`, () => readFile(file, "utf8")).pipe(
    Effect.catchIf(
      (error) => errnoCode(error) === "ENOENT",
      () => Effect.succeed(undefined)
    )
  )

const parseRecord = (text: string | undefined): LockRecord | undefined => {
  try {
    const record = JSON.parse(text ?? "") as Partial<LockRecord>
    return typeof record.pid === "number" ? (record as LockRecord) : undefined
  } catch {
    return undefined
  }
}

const isLive = (record: LockRecord): boolean => {
  if (record.pid === process.pid || !isAlive(record.pid)) return false
  const ticks = processStartTicks(record.pid)
  return record.startTicks === undefined || ticks === undefined || ticks === record.startTicks
}

const held = (dataDir: string, holder: "foldflow" | "postgres", pid: number, file: string) =>
  new DataDirectoryHeld({ dataDir, holder, pid, file, cause: undefined })

/**
 * The lock file is written aside and hard-linked into place: `link` fails atomically when the
 * file exists, and the file never appears half-written, so an unreadable one is truly stale.
 */
const acquire = (dataDir: string, file: string, record: LockRecord) => {
  const draft = `${file}.${randomUUID()}`
  const claim = Effect.gen(function* () {
    yield* attempt(`to create ${path.dirname(file)}`, () => mkdir(path.dirname(file), { recursive: true }))
    yield* attempt(`to write ${draft}`, () => writeFile(draft, JSON.stringify(record)))
    const linkOnce = attempt(`to create the lock file ${file}`, () => link(draft, file)).pipe(
      Effect.as(true),
      Effect.catchIf(
        (error) => errnoCode(error) === "EEXIST",
        () => Effect.succeed(false)
      )
    )
    for (let tries = 0; tries < 3; tries++) {
      if (yield* linkOnce) return
      const holder = parseRecord(yield* readText(file))
      if (holder !== undefined && isLive(holder)) return yield* held(dataDir, "foldflow", holder.pid, file)
      // Its process is gone: the lock is stale. Should two processes both clear it and both go on,
      // the server's own postmaster.pid still lets only one of them start.
      yield* attempt(`to remove the stale lock file ${file}`, () => rm(file, { force: true }))
    }
    return yield* refuse(`to take the lock file ${file}`, "it kept reappearing after removal")
  })
  return Effect.suspend(() => {
    if (heldHere.has(file)) return Effect.fail(held(dataDir, "foldflow", process.pid, file))
    // Claimed synchronously, before any await, so two starts in this process cannot both pass.
    heldHere.add(file)
    return claim.pipe(
      Effect.onError(() => Effect.sync(() => heldHere.delete(file))),
      Effect.ensuring(Effect.promise(() => rm(draft, { force: true })))
    )
  })
}

const release = (file: string, record: LockRecord) =>
  Effect.gen(function* () {
    heldHere.delete(file)
    const current = parseRecord(yield* readText(file))
    if (current?.pid === record.pid && current.since === record.since) {
      yield* attempt(`to remove the lock file ${file}`, () => rm(file, { force: true }))
    }
  }).pipe(
    // A lock left behind is stale once this process is gone, so the next start takes it over.
    Effect.catchAll((error) => Effect.logWarning(error.message))
  )

/** Holds `<dataDir>.lock` for the scope's life, so two Foldflow processes never share the folder. */
export const holdDataDir = (
  dataDir: string
): Effect.Effect<void, EmbeddedPostgresError | DataDirectoryHeld, Scope.Scope> => {
  const file = `${dataDir}.lock`
  const record: LockRecord = {
    pid: process.pid,
    startTicks: processStartTicks(process.pid),
    hostname: os.hostname(),
    since: new Date().toISOString()
  }
  return Effect.acquireRelease(acquire(dataDir, file, record), () => release(file, record))
}

/** A server still running on the folder (say, left by a Foldflow process that was killed) holds it. */
export const refuseRunningServer = (
  dataDir: string
): Effect.Effect<void, EmbeddedPostgresError | DataDirectoryHeld> =>
  Effect.gen(function* () {
    const file = path.join(dataDir, "postmaster.pid")
    const pid = Number((yield* readText(file))?.split("\n")[0])
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      return yield* held(dataDir, "postgres", pid, file)
    }
  })
