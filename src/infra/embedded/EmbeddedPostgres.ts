import path from "node:path"
import { Config, Context, Duration, Effect, Layer, Redacted, type ConfigError, type Scope } from "effect"
import { binariesFor, locateBinaries, serverVersion } from "./binaries.ts"
import { prepareDataDir } from "./dataDir.ts"
import { holdDataDir, refuseRunningServer } from "./dataDirLock.ts"
import type { DataDirectoryHeld, EmbeddedPostgresError } from "./EmbeddedPostgresError.ts"
import { startServer } from "./serverProcess.ts"
import { serverUser } from "./serverUser.ts"
import { wasStopRequested } from "./shutdownHooks.ts"

export interface EmbeddedPostgresOptions {
  /** The Postgres data folder itself; created and initialised on first start, reused after. */
  readonly dataDir: string
  /** A fixed loopback port; by default a free one is chosen at each start. */
  readonly port?: number
  /**
   * `false` turns off fsync, synchronous_commit and full_page_writes: a crash of the machine can
   * then lose or corrupt data. For throwaway test servers only. Default `true`.
   */
  readonly durable?: boolean
  /** More server settings, passed as `-c name=value` (they win over postgresql.conf). */
  readonly settings?: Readonly<Record<string, string | number | boolean>>
  /** How long startup (crash recovery included) may take. Default 2 minutes. */
  readonly startTimeout?: Duration.DurationInput
  /** How long a fast shutdown may take before an immediate one. Default 1 minute. */
  readonly stopTimeout?: Duration.DurationInput
  /** The system user the server runs as when this process is root. Default `postgres`. */
  readonly systemUser?: string
}

/** A running embedded Postgres, listening on 127.0.0.1 only. */
export interface RunningEmbeddedPostgres {
  /** postgres://postgres:…@127.0.0.1:PORT/postgres — for `PgClient.layer({ url })`. */
  readonly url: Redacted.Redacted<string>
  readonly host: "127.0.0.1"
  readonly port: number
  readonly user: string
  readonly database: string
  readonly dataDir: string
  /** The postmaster's pid. */
  readonly pid: number
  /** The server's version, such as 17.9. */
  readonly version: string
}

/** Where the data folder lives by default: `$FOLDFLOW_DATA_DIR/pg`, `./.foldflow/pg` without it. */
export const defaultDataDir: Config.Config<string> = Config.string("FOLDFLOW_DATA_DIR").pipe(
  Config.withDefault(".foldflow"),
  Config.map((dir) => path.resolve(dir, "pg"))
)

const serverSettings = (
  durable: boolean,
  extra: EmbeddedPostgresOptions["settings"]
): Record<string, string> => ({
  // Loopback TCP only: no other host can connect, and no Unix socket to place and permit.
  listen_addresses: "127.0.0.1",
  unix_socket_directories: "",
  cluster_name: "foldflow",
  ...(durable ? {} : { fsync: "off", synchronous_commit: "off", full_page_writes: "off" }),
  ...Object.fromEntries(Object.entries(extra ?? {}).map(([name, value]) => [name, String(value)]))
})

/**
 * Starts an embedded Postgres on `options.dataDir` and stops it when the scope closes. Holds the
 * folder for the scope's life: a second start on it fails with `DataDirectoryHeld`.
 */
export const startEmbeddedPostgres = (
  options: EmbeddedPostgresOptions
): Effect.Effect<RunningEmbeddedPostgres, EmbeddedPostgresError | DataDirectoryHeld, Scope.Scope> =>
  Effect.gen(function* () {
    const dataDir = path.resolve(options.dataDir)
    const durable = options.durable ?? true
    const user = yield* serverUser(options.systemUser ?? "postgres")
    const binaries = yield* locateBinaries.pipe(Effect.flatMap((found) => binariesFor(found, user)))
    const version = yield* serverVersion(binaries, user)
    yield* holdDataDir(dataDir)
    yield* refuseRunningServer(dataDir)
    const credentials = yield* prepareDataDir({ dataDir, binaries, user, version, durable })
    const server = yield* startServer({
      dataDir,
      binaries,
      user,
      port: options.port,
      settings: serverSettings(durable, options.settings),
      startTimeout: Duration.decode(options.startTimeout ?? "2 minutes"),
      stopTimeout: Duration.decode(options.stopTimeout ?? "1 minute")
    })
    // Quiet while healthy; a crash is reported with the server's last words.
    yield* Effect.forkScoped(
      Effect.promise(() => server.exited).pipe(
        Effect.flatMap((status) =>
          wasStopRequested(server.child)
            ? Effect.void
            : Effect.logError(
                `The embedded Postgres (pid ${server.pid}) exited unexpectedly ` +
                  `(code ${status.code}, signal ${status.signal}):\n${server.log.lines()}`
              )
        )
      )
    )
    const database = "postgres"
    const url = `postgres://${credentials.user}:${credentials.password}@127.0.0.1:${server.port}/${database}`
    yield* Effect.logDebug(
      `Embedded Postgres ${version} listening on 127.0.0.1:${server.port}, data in ${dataDir}`
    )
    return {
      url: Redacted.make(url),
      host: "127.0.0.1",
      port: server.port,
      user: credentials.user,
      database,
      dataDir,
      pid: server.pid,
      version
    } as const
  })

/** The embedded Postgres the application uses when no `DATABASE_URL` is set. */
export class EmbeddedPostgres extends Context.Tag("foldflow/EmbeddedPostgres")<
  EmbeddedPostgres,
  RunningEmbeddedPostgres
>() {
  static readonly layer = (
    options: EmbeddedPostgresOptions
  ): Layer.Layer<EmbeddedPostgres, EmbeddedPostgresError | DataDirectoryHeld> =>
    Layer.scoped(EmbeddedPostgres, startEmbeddedPostgres(options))

  /** In `$FOLDFLOW_DATA_DIR/pg` (default `./.foldflow/pg`), durable. */
  static readonly layerFromEnv: Layer.Layer<
    EmbeddedPostgres,
    EmbeddedPostgresError | DataDirectoryHeld | ConfigError.ConfigError
  > = Layer.unwrapEffect(Effect.map(defaultDataDir, (dataDir) => EmbeddedPostgres.layer({ dataDir })))
}
