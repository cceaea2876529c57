import { Effect, Schema } from "effect"

/** The embedded Postgres could not be prepared, started or reached; `message` says what to do. */
export class EmbeddedPostgresError extends Schema.TaggedError<EmbeddedPostgresError>()(
  "EmbeddedPostgresError",
  {
    message: Schema.String,
    /** The last lines the server or initdb wrote, when one of them failed. */
    logTail: Schema.optional(Schema.String),
    cause: Schema.Defect
  }
) {}

/**
 * Another process holds the data folder: a Foldflow process (through `<dataDir>.lock`) or a
 * Postgres server (through `postmaster.pid`). Refused instead of shared, since two servers or two
 * `initdb` runs on one folder corrupt it.
 */
export class DataDirectoryHeld extends Schema.TaggedError<DataDirectoryHeld>()("DataDirectoryHeld", {
  dataDir: Schema.String,
  holder: Schema.Literal("foldflow", "postgres"),
  pid: Schema.Number,
  /** The file that names the holder: the lock file or `postmaster.pid`. */
  file: Schema.String,
  /** The server's refusal, when it was the one to notice; else undefined. */
  cause: Schema.Defect
}) {
  override get message(): string {
    return this.holder === "foldflow"
      ? `Expected the embedded Postgres data folder ${this.dataDir} to be free, but another Foldflow ` +
          `process (pid ${this.pid}) is using it. Stop that process, or set FOLDFLOW_DATA_DIR to another ` +
          `folder. If no such process runs, delete ${this.file}.`
      : `Expected the embedded Postgres data folder ${this.dataDir} to be free, but a Postgres server ` +
          `(pid ${this.pid}) is running on it, probably left behind by a Foldflow process that was killed. ` +
          `Stop it with \`kill -INT ${this.pid}\` (a fast, clean shutdown) and start again. If pid ` +
          `${this.pid} is not a Postgres server, ${this.file} is stale: delete it.`
  }
}

const describe = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause))

/** Runs a promise; a rejection becomes "Expected <what>, but <reason>". */
export const attempt = <A>(what: string, run: () => Promise<A>): Effect.Effect<A, EmbeddedPostgresError> =>
  Effect.tryPromise({
    try: run,
    catch: (cause) =>
      new EmbeddedPostgresError({ message: `Expected ${what}, but ${describe(cause)}`, cause })
  })

/** "Expected <what>, but <reason>", with the failed program's last lines of log when there are some. */
export const refuse = (
  what: string,
  reason: string,
  failed: { readonly logTail?: string; readonly cause?: unknown } = {}
): EmbeddedPostgresError =>
  new EmbeddedPostgresError({
    message:
      `Expected ${what}, but ${reason}` +
      (failed.logTail === undefined ? "" : `. Its last lines of log:\n${failed.logTail}`),
    cause: failed.cause,
    ...(failed.logTail === undefined ? {} : { logTail: failed.logTail })
  })

/** The errno code (ENOENT, EEXIST …) of the Node error behind a failure, if any. */
export const errnoCode = (error: EmbeddedPostgresError): string | undefined =>
  (error.cause as NodeJS.ErrnoException | null)?.code
