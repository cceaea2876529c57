import { appendFile, mkdir, readFile } from "node:fs/promises"
import path from "node:path"
import { Config, Duration, Effect, Layer, Schedule } from "effect"
import type { IntegrityCheckpoint } from "../engine/ports/EventStore.ts"
import { EventStore } from "../engine/ports/EventStore.ts"
import { EventStoreError } from "../engine/ports/EventStoreErrors.ts"

/** Where checkpoints go: a JSON-lines file (outside the database), the log, or nowhere. */
export type CheckpointSink =
  { readonly _tag: "file"; readonly path: string } | { readonly _tag: "log" } | { readonly _tag: "off" }

export interface CheckpointOptions {
  readonly sink: CheckpointSink
  readonly interval: Duration.DurationInput
}

const failure = (message: string) => (cause: unknown) => new EventStoreError({ message, cause })

/** Appends one checkpoint as a JSON line, creating the folder when needed. */
export const appendCheckpoint = (file: string, checkpoint: IntegrityCheckpoint) =>
  Effect.tryPromise({
    try: async () => {
      await mkdir(path.dirname(file), { recursive: true })
      await appendFile(file, `${JSON.stringify(checkpoint)}\n`, "utf8")
    },
    catch: failure(`Writing an integrity checkpoint to ${file} failed`)
  })

/** Every checkpoint of a JSON-lines file, oldest first (for audits: `verifyIntegrityCheckpoint` each). */
export const readCheckpoints = (
  file: string
): Effect.Effect<ReadonlyArray<IntegrityCheckpoint>, EventStoreError> =>
  Effect.tryPromise({
    try: async () =>
      (await readFile(file, "utf8"))
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as IntegrityCheckpoint),
    catch: failure(`Reading integrity checkpoints from ${file} failed`)
  })

const write = (sink: CheckpointSink, checkpoint: IntegrityCheckpoint) => {
  switch (sink._tag) {
    case "file":
      return appendCheckpoint(sink.path, checkpoint)
    case "log":
      return Effect.logInfo("Integrity checkpoint").pipe(
        Effect.annotateLogs({ checkpoint: JSON.stringify(checkpoint) })
      )
    case "off":
      return Effect.void
  }
}

/**
 * Takes an integrity checkpoint of the store every `interval` (the first after one interval) and
 * writes it to the sink, for the life of the layer. A failed checkpoint is logged and retried at
 * the next tick.
 */
export const checkpointWriter = (options: CheckpointOptions): Layer.Layer<never, never, EventStore> =>
  options.sink._tag === "off"
    ? Layer.empty
    : Layer.scopedDiscard(
        Effect.gen(function* () {
          const store = yield* EventStore
          yield* Effect.sleep(options.interval).pipe(
            Effect.zipRight(store.integrityCheckpoint),
            Effect.flatMap((checkpoint) => write(options.sink, checkpoint)),
            Effect.catchAllCause((cause) => Effect.logWarning("Integrity checkpoint failed", cause)),
            Effect.repeat(Schedule.forever),
            Effect.forkScoped
          )
        })
      )

/**
 * From the environment: `FOLDFLOW_CHECKPOINTS` = `file` (default: `$FOLDFLOW_DATA_DIR/checkpoints.jsonl`,
 * data dir default `./.foldflow`), `log` or `off`; `FOLDFLOW_CHECKPOINT_INTERVAL` (default `1 hour`).
 */
export const checkpointWriterFromEnv: Layer.Layer<never, never, EventStore> = Layer.unwrapEffect(
  Config.all({
    sink: Config.literal(
      "file",
      "log",
      "off"
    )("FOLDFLOW_CHECKPOINTS").pipe(Config.withDefault("file" as const)),
    dataDir: Config.string("FOLDFLOW_DATA_DIR").pipe(Config.withDefault(".foldflow")),
    interval: Config.duration("FOLDFLOW_CHECKPOINT_INTERVAL").pipe(Config.withDefault(Duration.hours(1)))
  }).pipe(
    Effect.map(({ dataDir, interval, sink }) =>
      checkpointWriter({
        interval,
        sink:
          sink === "file"
            ? { _tag: "file", path: path.resolve(dataDir, "checkpoints.jsonl") }
            : { _tag: sink }
      })
    ),
    Effect.orDie
  )
)
