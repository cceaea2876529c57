/**
 * The event store's write and read rates on the Postgres of `DATABASE_URL` (default
 * postgres://postgres@127.0.0.1:5432/postgres), in a fresh database dropped afterwards.
 *
 * Beside every commit rate, in the same run, the rate of raw single-statement autocommit INSERTs
 * into a table with the events table's columns, indexes and partitioning, through the same driver
 * and pool. The two alternate in short slices (ABBA order) after a warm-up and a CHECKPOINT, and
 * each ratio is the median of the ratios of many adjacent pairs: load from elsewhere on the
 * machine, the disk's flush time and checkpoints hit both sides alike. Each phase reports the
 * machine's load average and the CPU time per operation of Node and of the Postgres backends.
 */
import { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Deferred, Effect, Fiber, Layer, Redacted } from "effect"
import type { StreamId } from "../../src/domain/ids.ts"
import type { Append, SubscriberName } from "../../src/engine/ports/EventStore.ts"
import { EventStore } from "../../src/engine/ports/EventStore.ts"
import type { FeedCursor } from "../../src/engine/ports/FeedCursor.ts"
import type { NewEvent } from "../../src/engine/ports/RecordedEvent.ts"
import { genesisHash } from "../../src/engine/ports/RecordedEvent.ts"
import { EventStoreConfig } from "../../src/infra/EventStoreConfig.ts"
import { migrate } from "../../src/infra/pg/migrate.ts"
import * as PgEventStore from "../../src/infra/pg/PgEventStore.ts"
import { report } from "../report.ts"
import type { Slice } from "../store/slices.ts"
import { checkpoint, loadAverage, pairedSlices } from "../store/slices.ts"

const serverUrl = process.env["DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres"
const env = (name: string, fallback: number) => Number(process.env[`STORE_BENCH_${name}`] ?? fallback)
const sliceMs = env("SLICE_MS", 250)
const pairs = env("PAIRS", 20)
const feedEvents = env("FEED_EVENTS", 1_000_000)
const writerCounts = (process.env["STORE_BENCH_WRITERS"] ?? "1,4,16").split(",").map(Number)
const commitConcurrency = process.env["STORE_BENCH_COMMIT_CONCURRENCY"]
const quick = process.env["STORE_BENCH_QUICK"] !== undefined
const feedOnly = process.env["STORE_BENCH_FEED_ONLY"] !== undefined

const withDatabase = (name: string) => {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** A payload of the size and shape an attempt's completion has. */
const payload = (i: number): NewEvent => ({
  type: "AttemptCompleted",
  data: {
    token: `charge#${i}`,
    attempt: 1,
    output: { id: `pay_${i}`, amount: 123.45, currency: "EUR", ok: true }
  },
  metadata: { commandId: `cmd-${i}`, actor: "worker:payments", bodyHash: "9f2c1e7a" }
})

/** Runs `writers` loops of `body` for `ms` milliseconds; returns operations completed. */
const runFor = (writers: number, ms: number, body: (writer: number) => Effect.Effect<number, unknown>) =>
  Effect.gen(function* () {
    const deadline = performance.now() + ms
    let operations = 0
    yield* Effect.forEach(
      Array.from({ length: writers }, (_, w) => w),
      (w) =>
        Effect.gen(function* () {
          while (performance.now() < deadline) {
            // Read the count after the operation: `operations += yield* …` would read it before.
            const done = yield* body(w)
            operations += done
          }
        }),
      { concurrency: "unbounded", discard: true }
    )
    return operations
  })

const bench = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const store = yield* EventStore
  // The raw baseline: the events table's columns, indexes and partitioning, no function, no head.
  yield* sql`CREATE TABLE raw_events (LIKE events INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)
             PARTITION BY RANGE (created_month)`
  yield* sql`CREATE TABLE raw_events_now PARTITION OF raw_events
             FOR VALUES FROM (date_trunc('month', now() AT TIME ZONE 'UTC')::date)
             TO ((date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month')::date)`
  const [month] = yield* sql<{
    readonly m: string
  }>`SELECT date_trunc('month', now() AT TIME ZONE 'UTC')::date::text AS m`

  let run = 0
  /** Raw autocommit INSERTs, `writers` at a time, each writer on its own stream. */
  const rawInserts = (writers: number): Slice => {
    const tag = `raw${run++}`
    const versions = new Array<number>(writers).fill(0)
    return runFor(writers, sliceMs, (w) => {
      const version = ++versions[w]!
      const event = payload(version)
      return sql`INSERT INTO raw_events (tenant_id, stream_id, stream_version, event_type, data, metadata, hash, created_month)
                 VALUES ('bench', ${`bench/i/${tag}-${w}`}, ${version}, ${event.type}, ${JSON.stringify(event.data)}::jsonb,
                         ${JSON.stringify(event.metadata)}::jsonb, ${genesisHash}, ${month!.m}::date)`.pipe(
        Effect.as(1)
      )
    })
  }

  /** Commits of `perCommit` events to each of `streams` streams; counts commits. */
  const commits = (writers: number, perCommit: number, streams = 1): Slice => {
    const tag = `c${run++}`
    const heads = new Map<StreamId, { version: number; lastHash: string }>()
    return runFor(writers, sliceMs, (w) => {
      const appends: Array<Append> = Array.from({ length: streams }, (_, s) => {
        const stream = `bench/i/${tag}-${w}-${s}` as StreamId
        const head = heads.get(stream) ?? { version: 0, lastHash: genesisHash }
        const events = Array.from({ length: perCommit }, (_, i) => payload(head.version + i + 1))
        return { stream, expected: head.version, prevHash: head.lastHash, events }
      })
      return store.commit(appends).pipe(
        Effect.map((result) => {
          for (const a of result.appended)
            heads.set(a.stream, { version: a.lastVersion, lastHash: a.lastHash })
          return 1
        })
      )
    })
  }

  if (!feedOnly) yield* commitRates(rawInserts, commits)
  if (feedOnly || !quick) yield* feedRates(month!.m)
})

type Commits = (writers: number, perCommit: number, streams?: number) => Slice

/** Single-event commits against raw INSERTs; then 10-event and 4-stream commits, all paired with raw. */
const commitRates = (rawInserts: (writers: number) => Slice, commits: Commits) =>
  Effect.gen(function* () {
    const phase = (name: string, writers: number, candidate: Slice, perOperation = 1) =>
      Effect.gen(function* () {
        report(`store_loadavg_${name}`, loadAverage() * 100, "hundredths")
        const m = yield* pairedSlices(rawInserts(writers), candidate, { pairs })
        report(`store_raw_insert_${name}`, m.a.rate, "rows/s")
        report(`store_commit_${name}`, m.b.rate, "commits/s")
        if (perOperation > 1) report(`store_commit_${name}_events`, m.b.rate * perOperation, "events/s")
        report(`store_commit_${name}_vs_raw`, m.ratio.median * 100, "percent")
        report(`store_commit_${name}_vs_raw_p25`, m.ratio.p25 * 100, "percent")
        report(`store_commit_${name}_vs_raw_p75`, m.ratio.p75 * 100, "percent")
        report(`store_raw_insert_${name}_cpu_node`, m.a.nodeMicros, "µs/row")
        report(`store_commit_${name}_cpu_node`, m.b.nodeMicros, "µs/commit")
        if (!Number.isNaN(m.a.pgMicros)) {
          report(`store_raw_insert_${name}_cpu_pg`, m.a.pgMicros, "µs/row")
          report(`store_commit_${name}_cpu_pg`, m.b.pgMicros, "µs/commit")
        }
      })
    for (const writers of writerCounts) {
      yield* checkpoint
      yield* phase(`1event_${writers}w`, writers, commits(writers, 1))
    }
    for (const writers of writerCounts) {
      yield* checkpoint
      yield* phase(`10events_${writers}w`, writers, commits(writers, 10), 10)
    }
    if (quick) return
    yield* checkpoint
    yield* phase("4streams_16w", 16, commits(16, 1, 4), 4)
  })

const countEvents = Effect.flatMap(SqlClient.SqlClient, (sql) =>
  sql<{ readonly count: string }>`SELECT count(*)::text AS count FROM events`.pipe(
    Effect.map((rows) => Number(rows[0]!.count))
  )
)

/** The feed read over (at least) a million events, page by page and through a subscriber. */
const feedRates = (month: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const store = yield* EventStore
    // Written in transactions of 50,000 (so there are many transaction ids), hashes left out.
    for (let written = yield* countEvents; written < feedEvents; written += 50_000)
      yield* sql`INSERT INTO events (tenant_id, stream_id, stream_version, event_type, data, metadata, hash, created_month)
                 SELECT 'bench', 'bench/i/feed-' || (g / 1000), g % 1000 + 1, 'AttemptCompleted',
                        jsonb_build_object('token', 'charge#' || g, 'attempt', 1,
                          'output', jsonb_build_object('id', 'pay_' || g, 'amount', 123.45, 'currency', 'EUR', 'ok', true)),
                        jsonb_build_object('commandId', 'cmd-' || g, 'actor', 'worker:payments', 'bodyHash', '9f2c1e7a'),
                        ${genesisHash}, ${month}::date
                 FROM generate_series(${written}::bigint, ${written + 49_999}::bigint) AS g`
    yield* sql`VACUUM ANALYZE events`
    yield* checkpoint
    const total = yield* countEvents
    report("store_feed_events", total, "events")
    report("store_loadavg_feed", loadAverage() * 100, "hundredths")
    for (const pageSize of [1000, 5000]) {
      const started = performance.now()
      let cursor: FeedCursor | undefined
      let read = 0
      while (true) {
        const page = yield* store.readFeed(cursor, { limit: pageSize })
        if (page.events.length === 0) break
        read += page.events.length
        cursor = page.cursor
      }
      report(
        `store_feed_read_${pageSize}_per_page`,
        (read * 1000) / (performance.now() - started),
        "events/s"
      )
    }
    // The way projectors consume it: a subscriber, which reads the next page while handling one.
    const done = yield* Deferred.make<void>()
    let seen = 0
    const started = performance.now()
    const subscriber = yield* store
      .subscribe(
        "bench-feed" as SubscriberName,
        (page) => {
          seen += page.events.length
          return seen >= total ? Deferred.succeed(done, undefined) : Effect.void
        },
        { batchSize: 5000 }
      )
      .pipe(Effect.fork)
    yield* Deferred.await(done)
    report("store_feed_subscriber_5000_per_page", (seen * 1000) / (performance.now() - started), "events/s")
    yield* Fiber.interrupt(subscriber)
  })

export default async function storeBench(): Promise<void> {
  const name = `foldflow_bench_store_${Date.now().toString(36)}`
  const adminLayer = PgClient.layer({ url: Redacted.make(withDatabase("postgres")) })
  const admin = <A, E>(work: (sql: SqlClient.SqlClient) => Effect.Effect<A, E>) =>
    Effect.runPromise(Effect.flatMap(SqlClient.SqlClient, work).pipe(Effect.provide(adminLayer)))
  await admin((sql) => sql`CREATE DATABASE ${sql(name)}`)
  try {
    const client = PgEventStore.clientLayer(withDatabase(name), 20)
    const migrated = Layer.effectDiscard(migrate).pipe(Layer.provide(client))
    const config = EventStoreConfig.layer(
      commitConcurrency === undefined ? {} : { commitConcurrency: Number(commitConcurrency) }
    )
    await Effect.runPromise(
      bench.pipe(
        Effect.provide(
          Layer.provideMerge(PgEventStore.layer, client).pipe(Layer.provide(migrated), Layer.provide(config))
        )
      )
    )
  } finally {
    await admin((sql) => sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`)
  }
}
