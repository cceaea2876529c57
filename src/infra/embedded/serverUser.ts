import { execFile } from "node:child_process"
import type { Stats } from "node:fs"
import { stat } from "node:fs/promises"
import path from "node:path"
import { promisify } from "node:util"
import { Effect, Either } from "effect"
import { attempt, refuse, type EmbeddedPostgresError } from "./EmbeddedPostgresError.ts"

/** The system user the server runs as when this process is root. */
export interface ServerUser {
  readonly name: string
  /** Passed to `spawn`, which then also drops root's supplementary groups. */
  readonly ids: { readonly uid: number; readonly gid: number }
}

const run = promisify(execFile)
const userName = /^[a-z_][a-z0-9_-]{0,31}$/

const lookup = (name: string): Promise<ServerUser | undefined> =>
  Promise.all([run("id", ["-u", name]), run("id", ["-g", name])]).then(
    ([uid, gid]) => ({ name, ids: { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } }),
    () => undefined
  )

const succeeds = (file: string, args: ReadonlyArray<string>): Promise<boolean> =>
  run(file, args).then(
    () => true,
    () => false
  )

/** A system user without login or home; BusyBox systems (Alpine) lack `useradd`. */
const createUser = async (name: string): Promise<void> => {
  const groupExists = await succeeds("getent", ["group", name])
  const useradd = [
    "--system",
    "--no-create-home",
    "--home-dir",
    "/nonexistent",
    "--shell",
    "/usr/sbin/nologin"
  ]
  try {
    await run("useradd", [...useradd, ...(groupExists ? ["--gid", name] : ["--user-group"]), name])
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error
    if (!groupExists) await run("addgroup", ["-S", name])
    await run("adduser", ["-S", "-D", "-H", "-G", name, "-s", "/sbin/nologin", name])
  }
}

/**
 * Postgres refuses to run as root. As root, the server runs as `name`, created when missing;
 * otherwise it runs as this process's own user (undefined).
 */
export const serverUser = (name: string): Effect.Effect<ServerUser | undefined, EmbeddedPostgresError> =>
  Effect.gen(function* () {
    if (process.getuid?.() !== 0) return undefined
    if (!userName.test(name)) return yield* refuse("a system user name", `got ${JSON.stringify(name)}`)
    const existing = yield* Effect.promise(() => lookup(name))
    if (existing !== undefined) return existing
    // Two processes may create it at once: the loser's useradd fails, the lookup after it succeeds.
    const outcome = yield* Effect.either(attempt(`to create the system user ${name}`, () => createUser(name)))
    const created = yield* Effect.promise(() => lookup(name))
    if (created !== undefined) return created
    return yield* Either.isLeft(outcome)
      ? outcome.left
      : refuse(`the system user ${name} to exist after creating it`, "`id` cannot find it")
  })

const canSearch = (stats: Stats, { uid, gid }: ServerUser["ids"]): boolean =>
  (stats.uid === uid ? stats.mode & 0o100 : stats.gid === gid ? stats.mode & 0o010 : stats.mode & 0o001) !== 0

/**
 * The server opens its data folder and binaries by path, so every folder above them must be
 * searchable by its user (a checkout under /root, mode 0700, is not). Checks mode bits only:
 * spawn drops supplementary groups, and ACLs are rare enough to leave to the server's own error.
 */
export const unreachableFolder = (
  target: string,
  user: ServerUser
): Effect.Effect<string | undefined, EmbeddedPostgresError> =>
  attempt(`to inspect the folders above ${target}`, async () => {
    const absolute = path.resolve(target)
    const folders = absolute
      .split(path.sep)
      .map((_, index, parts) => parts.slice(0, index + 1).join(path.sep) || path.sep)
    for (const folder of folders) {
      const stats = await stat(folder).catch(() => undefined)
      // A folder still to be created is made by this (root) process with mode 0755.
      if (stats === undefined) return undefined
      if (!canSearch(stats, user.ids)) {
        const mode = (stats.mode & 0o777).toString(8).padStart(4, "0")
        return `${folder} (mode ${mode}, owner uid ${stats.uid}) is not searchable by ${user.name}`
      }
    }
    return undefined
  })
