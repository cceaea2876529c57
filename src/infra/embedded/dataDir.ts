import { execFile } from "node:child_process"
import { randomBytes } from "node:crypto"
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises"
import os from "node:os"
import path from "node:path"
import { promisify } from "node:util"
import { Effect } from "effect"
import type { Binaries } from "./binaries.ts"
import { attempt, errnoCode, refuse, type EmbeddedPostgresError } from "./EmbeddedPostgresError.ts"
import { serverEnvironment } from "./processes.ts"
import { unreachableFolder, type ServerUser } from "./serverUser.ts"

/** The superuser initdb created, with a password generated on first start. */
export interface Credentials {
  readonly user: string
  readonly password: string
}

/**
 * Written into the data folder once initdb has succeeded, so it also marks a complete folder: one
 * with PG_VERSION but without it was interrupted mid-initdb, or was not made by Foldflow.
 */
const credentialsFile = "foldflow-credentials.json"

const run = promisify(execFile)

const ownFile = async (file: string, user: ServerUser | undefined, mode: number): Promise<void> => {
  if (user !== undefined) await chown(file, user.ids.uid, user.ids.gid)
  await chmod(file, mode)
}

/** Runs initdb as the server's user; its password file lives in a private temporary folder. */
const initdb = (dataDir: string, binaries: Binaries, user: ServerUser | undefined, durable: boolean) =>
  Effect.gen(function* () {
    const credentials: Credentials = { user: "postgres", password: randomBytes(24).toString("hex") }
    const scratch = yield* attempt("to create a temporary folder for initdb", () =>
      mkdtemp(path.join(os.tmpdir(), "foldflow-initdb-"))
    )
    yield* Effect.gen(function* () {
      const passwordFile = path.join(scratch, "password")
      yield* attempt(`to prepare ${dataDir} for initdb`, async () => {
        await writeFile(passwordFile, `${credentials.password}\n`, { mode: 0o600 })
        await ownFile(scratch, user, 0o700)
        await ownFile(passwordFile, user, 0o600)
        // Parents get the default mode (a recursive mkdir would give them all 0700, shutting the
        // server's user out); the folder itself may exist already, empty (a mounted volume).
        await mkdir(path.dirname(dataDir), { recursive: true })
        await mkdir(dataDir).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== "EEXIST") throw error
        })
        await ownFile(dataDir, user, 0o700)
      })
      const args = [
        `--pgdata=${dataDir}`,
        `--username=${credentials.user}`,
        `--pwfile=${passwordFile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        // The builtin provider's C.UTF-8 needs no host locale and sorts the same on every machine.
        "--locale-provider=builtin",
        "--builtin-locale=C.UTF-8",
        "--no-locale",
        "--data-checksums",
        "--no-instructions",
        ...(durable ? [] : ["--no-sync"])
      ]
      yield* Effect.tryPromise({
        try: () => run(binaries.initdb, args, { ...user?.ids, cwd: scratch, env: serverEnvironment() }),
        catch: (cause) => {
          const output = cause as { stdout?: string; stderr?: string }
          const log = `${output.stdout ?? ""}${output.stderr ?? ""}`.trim().split("\n").slice(-30).join("\n")
          return refuse(`initdb to create ${dataDir}`, "it failed", { logTail: log, cause })
        }
      })
      const file = path.join(dataDir, credentialsFile)
      yield* attempt(`to write ${file}`, async () => {
        await writeFile(file, JSON.stringify(credentials), { mode: 0o600 })
        // Owned by the server's user too, so base backups, which read every file, can copy it.
        await ownFile(file, user, 0o600)
      })
    }).pipe(Effect.ensuring(Effect.promise(() => rm(scratch, { recursive: true, force: true }))))
    return credentials
  })

/** An existing folder must be complete, made by this Postgres major version, owned by the server's user. */
const checkExisting = (dataDir: string, user: ServerUser | undefined, version: string) =>
  Effect.gen(function* () {
    const versionFile = path.join(dataDir, "PG_VERSION")
    const madeBy = (yield* attempt(`to read ${versionFile}`, () => readFile(versionFile, "utf8"))).trim()
    const major = version.split(".")[0] ?? version
    if (madeBy !== major) {
      return yield* refuse(
        `the data folder ${dataDir} to be made by Postgres ${major}, the installed version`,
        `it was made by Postgres ${madeBy}: upgrade it with pg_upgrade, or move it away to start afresh`
      )
    }
    const owner = (yield* attempt(`to inspect ${dataDir}`, () => stat(dataDir))).uid
    const expected = user?.ids.uid ?? process.getuid?.()
    if (expected !== undefined && owner !== expected) {
      return yield* refuse(
        `the data folder ${dataDir} to belong to uid ${expected}, the user that runs the server`,
        `it belongs to uid ${owner}: chown -R ${user?.name ?? expected} ${dataDir}`
      )
    }
    const file = path.join(dataDir, credentialsFile)
    const text = yield* attempt(`to read ${file}`, () => readFile(file, "utf8")).pipe(
      Effect.catchIf(
        (error) => errnoCode(error) === "ENOENT",
        () => Effect.succeed(undefined)
      )
    )
    if (text === undefined) {
      return yield* refuse(
        `the data folder ${dataDir} to hold ${credentialsFile}, written when Foldflow initialises it`,
        "it is missing: initdb was interrupted, or another tool made this folder. " +
          "If it holds nothing you need, delete it"
      )
    }
    return JSON.parse(text) as Credentials
  })

/**
 * Creates and initialises the data folder on first start, or checks the one found; answers the
 * superuser's credentials. Runs under the data folder's lock.
 */
export const prepareDataDir = (options: {
  readonly dataDir: string
  readonly binaries: Binaries
  readonly user: ServerUser | undefined
  readonly version: string
  readonly durable: boolean
}): Effect.Effect<Credentials, EmbeddedPostgresError> =>
  Effect.gen(function* () {
    const { dataDir, binaries, user, version, durable } = options
    if (user !== undefined) {
      const problem = yield* unreachableFolder(dataDir, user)
      if (problem !== undefined) {
        return yield* refuse(
          `${user.name}, which runs the server, to reach the data folder ${dataDir}`,
          `${problem}. Set FOLDFLOW_DATA_DIR to a folder it can reach, or let it through (chmod o+x on that folder)`
        )
      }
    }
    const entries = yield* attempt(`to list ${dataDir}`, () => readdir(dataDir)).pipe(
      Effect.catchIf(
        (error) => errnoCode(error) === "ENOENT",
        () => Effect.succeed([] as Array<string>)
      )
    )
    if (entries.length === 0) return yield* initdb(dataDir, binaries, user, durable)
    if (entries.includes("PG_VERSION")) return yield* checkExisting(dataDir, user, version)
    return yield* refuse(
      `${dataDir} to be empty or a Postgres data folder`,
      `it holds other files (${entries.slice(0, 3).join(", ")}): choose another FOLDFLOW_DATA_DIR`
    )
  })
