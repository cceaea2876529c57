import { Config, Context, Duration, Effect, Layer } from "effect"

export interface EventStoreOptions {
  /** The largest event, in UTF-8 bytes of its canonical (hashed) form. */
  readonly maxEventBytes: number
  /** How often subscribers look at the feed when no notification arrives. */
  readonly pollInterval: Duration.Duration
  /** Events per feed page when a subscriber names no batch size. */
  readonly feedBatchSize: number
  /** How often the store creates event partitions ahead and prunes expired idempotency records. */
  readonly maintenanceInterval: Duration.Duration
  /** The channel of the wake-up sent (on an autocommit connection) after commits. */
  readonly notifyChannel: string
  /** The shortest time between two wake-ups: commits in between share the next one. */
  readonly notifyInterval: Duration.Duration
  /** Commit calls in flight at most; more concurrent single-stream commits share calls. */
  readonly commitConcurrency: number
  /** The most commits one shared call carries. */
  readonly commitBatchSize: number
}

export const defaultEventStoreOptions: EventStoreOptions = {
  maxEventBytes: 256 * 1024,
  pollInterval: Duration.seconds(1),
  feedBatchSize: 1000,
  maintenanceInterval: Duration.hours(1),
  notifyChannel: "foldflow_feed",
  notifyInterval: Duration.millis(50),
  // Measured (docs/benchmarks.md, store): with 16 writers, 4 calls in flight and the rest sharing
  // them cost less CPU per commit on both sides than 16 calls, and fewer writers never queue.
  commitConcurrency: 4,
  commitBatchSize: 64
}

/** The event store's settings; defaults apply when none is provided. */
export class EventStoreConfig extends Context.Reference<EventStoreConfig>()("foldflow/EventStoreConfig", {
  defaultValue: () => defaultEventStoreOptions
}) {
  static readonly layer = (options: Partial<EventStoreOptions>): Layer.Layer<EventStoreConfig> =>
    Layer.succeed(EventStoreConfig, { ...defaultEventStoreOptions, ...options })

  /** From the environment: `FOLDFLOW_MAX_EVENT_BYTES`, `FOLDFLOW_FEED_POLL_INTERVAL` (e.g. `500 millis`). */
  static readonly fromEnv: Layer.Layer<EventStoreConfig> = Layer.effect(
    EventStoreConfig,
    Effect.orDie(
      Config.all({
        maxEventBytes: Config.integer("FOLDFLOW_MAX_EVENT_BYTES").pipe(
          Config.validate({ message: "Expected a positive number of bytes", validation: (n) => n > 0 }),
          Config.withDefault(defaultEventStoreOptions.maxEventBytes)
        ),
        pollInterval: Config.duration("FOLDFLOW_FEED_POLL_INTERVAL").pipe(
          Config.withDefault(defaultEventStoreOptions.pollInterval)
        )
      }).pipe(Effect.map((env) => ({ ...defaultEventStoreOptions, ...env })))
    )
  )
}
