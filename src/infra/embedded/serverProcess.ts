import { spawn, type ChildProcess } from "node:child_process"
import { readFile } from "node:fs/promises"
import net, { type AddressInfo } from "node:net"
import path from "node:path"
import { Duration, Effect, Option, Schedule, type Scope } from "effect"
import type { Binaries } from "./binaries.ts"
import { DataDirectoryHeld, refuse, type EmbeddedPostgresError } from "./EmbeddedPostgresError.ts"
import { serverEnvironment } from "./processes.ts"
import type { ServerUser } from "./serverUser.ts"
import { requestFastShutdown, trackServer } from "./shutdownHooks.ts"

/** The last 64 KiB the server wrote: shown when it fails, silent otherwise. */
export class LogTail {
  private text = ""
  readonly append = (chunk: Buffer): void => {
    this.text = (this.text + chunk.toString("utf8")).slice(-65_536)
  }
  lines(count = 40): string {
    return this.text.trimEnd().split("\n").slice(-count).join("\n")
  }
}

export interface ExitStatus {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
}

export interface RunningServer {
  readonly child: ChildProcess
  readonly pid: number
  readonly port: number
  readonly log: LogTail
  readonly exited: Promise<ExitStatus>
}

export interface ServerOptions {
  readonly dataDir: string
  readonly binaries: Binaries
  readonly user: ServerUser | undefined
  /** A fixed port, or undefined for a free one chosen now. */
  readonly port: number | undefined
  readonly settings: Readonly<Record<string, string>>
  readonly startTimeout: Duration.Duration
  readonly stopTimeout: Duration.Duration
}

/** Binds and releases port 0 on loopback; the kernel hands out a port nothing listens on. */
const freeLoopbackPort = Effect.async<number, EmbeddedPostgresError>((resume) => {
  const probe = net.createServer()
  probe.once("error", (cause) =>
    resume(
      Effect.fail(refuse("a free loopback port", `binding 127.0.0.1:0 failed: ${cause.message}`, { cause }))
    )
  )
  probe.listen(0, "127.0.0.1", () => {
    const { port } = probe.address() as AddressInfo
    probe.close(() => resume(Effect.succeed(port)))
  })
})

const spawnServer = (
  options: ServerOptions,
  port: number
): Effect.Effect<RunningServer, EmbeddedPostgresError> =>
  Effect.sync(() => {
    const settings = { ...options.settings, port: String(port) }
    const args = [
      "-D",
      options.dataDir,
      ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`])
    ]
    const child = spawn(options.binaries.postgres, args, {
      ...options.user?.ids,
      cwd: options.dataDir,
      env: serverEnvironment(),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"]
    })
    const log = new LogTail()
    child.stdout?.on("data", log.append)
    child.stderr?.on("data", log.append)
    const exited = new Promise<ExitStatus>((resolve) => {
      child.once("exit", (code, signal) => resolve({ code, signal }))
      child.once("error", (error) => {
        log.append(Buffer.from(`${error.message}\n`))
        resolve({ code: null, signal: null })
      })
    })
    if (child.pid !== undefined) trackServer(child)
    return { child, pid: child.pid ?? 0, port, log, exited }
  })

/** Ready when postmaster.pid names this process and its status line says "ready", as pg_ctl checks. */
const isReady = (dataDir: string, pid: number): Effect.Effect<boolean> =>
  Effect.promise(() => readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => "")).pipe(
    Effect.map((text) => {
      const lines = text.split("\n")
      return lines[0] === String(pid) && lines[7]?.trim() === "ready"
    })
  )

type StartFailure = EmbeddedPostgresError | DataDirectoryHeld | "port-taken"

const exitedEarly = (options: ServerOptions, server: RunningServer): Effect.Effect<never, StartFailure> =>
  Effect.gen(function* () {
    const status = yield* Effect.promise(() => server.exited)
    const log = server.log.lines()
    if (/could not bind IPv4 address|Address already in use/.test(log))
      return yield* Effect.fail("port-taken" as const)
    const holder = /Is another postmaster \(PID (\d+)\) running/.exec(log)
    if (holder !== null) {
      const file = path.join(options.dataDir, "postmaster.pid")
      const pid = Number(holder[1])
      return yield* new DataDirectoryHeld({
        dataDir: options.dataDir,
        holder: "postgres",
        pid,
        file,
        cause: log
      })
    }
    const how = status.signal === null ? `code ${status.code}` : `signal ${status.signal}`
    return yield* refuse(`the embedded Postgres to start on ${options.dataDir}`, `it exited (${how})`, {
      logTail: log
    })
  })

/** Asks for a fast shutdown; escalates to an immediate one, then SIGKILL, if it takes too long. */
export const stopServer = (server: RunningServer, timeout: Duration.Duration): Effect.Effect<void> =>
  Effect.gen(function* () {
    if (server.child.exitCode !== null || server.child.signalCode !== null || server.pid === 0) return
    const waitFor = (duration: Duration.DurationInput) =>
      Effect.promise(() => server.exited).pipe(
        Effect.timeout(duration),
        Effect.option,
        Effect.map(Option.isSome)
      )
    requestFastShutdown(server.child)
    if (yield* waitFor(timeout)) return
    yield* Effect.logWarning(
      `The embedded Postgres (pid ${server.pid}) did not stop within ${Duration.format(timeout)}: ` +
        "sending SIGQUIT (an immediate shutdown; it recovers at next start)"
    )
    server.child.kill("SIGQUIT")
    if (yield* waitFor("10 seconds")) return
    server.child.kill("SIGKILL")
    yield* Effect.promise(() => server.exited)
  })

/**
 * Starts the server and waits until it accepts connections; stops it when the scope closes. A
 * free port can be taken by another program before the server binds it: then it tries another.
 */
export const startServer = (
  options: ServerOptions
): Effect.Effect<RunningServer, EmbeddedPostgresError | DataDirectoryHeld, Scope.Scope> => {
  const once = Effect.gen(function* () {
    const port = options.port ?? (yield* freeLoopbackPort)
    const server = yield* Effect.acquireRelease(spawnServer(options, port), (server) =>
      stopServer(server, options.stopTimeout)
    )
    const ready = isReady(options.dataDir, server.pid).pipe(
      Effect.repeat({ schedule: Schedule.spaced("20 millis"), until: (ready) => ready })
    )
    yield* Effect.raceFirst(ready, exitedEarly(options, server)).pipe(
      Effect.timeoutFail({
        duration: options.startTimeout,
        onTimeout: () =>
          refuse(
            `the embedded Postgres to accept connections within ${Duration.format(options.startTimeout)}`,
            "it did not",
            { logTail: server.log.lines() }
          )
      })
    )
    return server
  })
  return once.pipe(
    Effect.retry({ times: options.port === undefined ? 3 : 0, while: (failure) => failure === "port-taken" }),
    Effect.catchIf(
      (failure): failure is "port-taken" => failure === "port-taken",
      () =>
        Effect.fail(
          refuse(
            "the embedded Postgres to bind a loopback port",
            options.port === undefined
              ? "other programs took four free ports in a row before it could bind them"
              : `port ${options.port} is taken: choose another, or leave the port unset`
          )
        )
    )
  )
}
