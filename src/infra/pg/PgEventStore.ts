import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, PubSub, Queue, Redacted, Schedule, Stream } from "effect"
import { EventStore } from "../../engine/ports/EventStore.ts"
import { EventStoreConfig } from "../EventStoreConfig.ts"
import { followFeed } from "../followFeed.ts"
import { makeCommit } from "./pgCommit.ts"
import { integrityCheckpoint, verifyIntegrityCheckpoint, verifyStream } from "./pgIntegrity.ts"
import { maintenanceLoop, pruneExpiredCommands, storeMetrics } from "./pgMaintenance.ts"
import { loadCursor, readFeed, readStream, resolveAlias, saveCursor } from "./pgReads.ts"

/**
 * The Postgres event store over a migrated database (see `migrate`). Besides the port it runs,
 * for the life of its scope: the partition and pruning maintenance, the wake-up notifier (one
 * coalesced `NOTIFY` on an autocommit connection after commits, never inside them), and a
 * `LISTEN` that wakes this process's subscribers when any process commits.
 */
export const make = Effect.gen(function* () {
  const sql = yield* PgClient.PgClient
  const options = yield* EventStoreConfig
  const wakeups = yield* PubSub.sliding<void>(1)

  // A sliding queue of one is a flag: commits while a NOTIFY is in flight or resting cost one more
  // NOTIFY, so there are at most one per `notifyInterval` however many commits there are.
  // (pg_notify, not PgClient.notify: NOTIFY takes no bind parameters.)
  const notifyPending = yield* Queue.sliding<void>(1)
  yield* Queue.take(notifyPending).pipe(
    // The NOTIFY commits asynchronously: a lost wake-up costs one poll, while waiting for its own
    // WAL flush would make commits queue behind it for the disk.
    Effect.zipRight(
      sql`SELECT set_config('synchronous_commit', 'off', true), pg_notify(${options.notifyChannel}, 'commit')`
    ),
    Effect.catchAllCause((cause) => Effect.logWarning("Feed wake-up notification failed", cause)),
    Effect.zipRight(Effect.sleep(options.notifyInterval)),
    Effect.forever,
    Effect.forkScoped
  )
  // Without the LISTEN connection subscribers still poll; it is re-established with backoff.
  yield* sql.listen(options.notifyChannel).pipe(
    Stream.runForEach(() => PubSub.publish(wakeups, undefined)),
    Effect.tapErrorCause((cause) =>
      Effect.logWarning("Feed LISTEN failed; subscribers poll until it is back", cause)
    ),
    Effect.retry(Schedule.union(Schedule.exponential("100 millis"), Schedule.spaced("10 seconds"))),
    Effect.forever,
    Effect.forkScoped
  )
  yield* maintenanceLoop(sql, options).pipe(Effect.forkScoped)

  const feed = readFeed(sql, options.feedBatchSize)
  // Both are flags of one slot: a full one already holds the wake-up this commit would add.
  const onCommitted = () => {
    notifyPending.unsafeOffer(undefined)
    wakeups.unsafeOffer(undefined)
  }
  const commit = yield* makeCommit(sql, options, onCommitted)
  return EventStore.of({
    read: readStream(sql),
    commit,
    resolveAlias: resolveAlias(sql),
    readFeed: feed,
    subscribe: followFeed({
      readFeed: feed,
      loadCursor: loadCursor(sql),
      saveCursor: saveCursor(sql),
      wakeups,
      pollInterval: options.pollInterval,
      batchSize: options.feedBatchSize
    }),
    subscriberCursor: (subscriber, tenant) => loadCursor(sql)(subscriber, tenant),
    verifyStream: verifyStream(sql),
    pruneExpiredCommands: pruneExpiredCommands(sql),
    metrics: storeMetrics(sql),
    integrityCheckpoint: integrityCheckpoint(sql),
    verifyIntegrityCheckpoint: verifyIntegrityCheckpoint(sql)
  })
})

/** The store over a `PgClient` provided from outside (the client's database must be migrated). */
export const layer: Layer.Layer<EventStore, never, PgClient.PgClient> = Layer.scoped(EventStore, make)

/** A `PgClient` for a connection URL, sized for commit concurrency. */
export const clientLayer = (url: string, maxConnections = 20) =>
  PgClient.layer({ url: Redacted.make(url), maxConnections, applicationName: "foldflow" })

/** The store over its own client for a connection URL. */
export const layerFromUrl = (url: string, maxConnections?: number) =>
  layer.pipe(Layer.provide(clientLayer(url, maxConnections)))
