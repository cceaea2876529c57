/**
 * The event store's write and read rates on the Postgres of `DATABASE_URL` (default
 * postgres://postgres@127.0.0.1:5432/postgres), in a fresh database dropped afterwards.
 *
 * Beside every commit rate, in the same run and interleaved with it in short rounds (so load from
 * elsewhere on the machine hits both alike), the rate of raw single-statement autocommit INSERTs
 * into a table with the events table's columns, indexes and partitioning, through the same driver.
 */
import { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Deferred, Effect, Fiber, Layer, Redacted } from "effect"
import type { StreamId } from "../../src/domain/ids.ts"
import type { Append, SubscriberName } from "../../src/engine/ports/EventStore.ts"
import { EventStore } from "../../src/engine/ports/EventStore.ts"
import type { NewEvent } from "../../src/engine/ports/RecordedEvent.ts"
import { genesisHash } from "../../src/engine/ports/RecordedEvent.ts"
import type { FeedCursor } from "../../src/engine/ports/FeedCursor.ts"
import { EventStoreConfig } from "../../src/infra/EventStoreConfig.ts"
import { migrate } from "../../src/infra/pg/migrate.ts"
import * as PgEventStore from "../../src/infra/pg/PgEventStore.ts"
import { report } from "../report.ts"

const serverUrl = process.env["DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres"
const roundMs = Number(process.env["STORE_BENCH_ROUND_MS"] ?? 1500)
const rounds = Number(process.env["STORE_BENCH_ROUNDS"] ?? 4)
const feedEvents = Number(process.env["STORE_BENCH_FEED_EVENTS"] ?? 1_000_000)
const writerCounts = (process.env["STORE_BENCH_WRITERS"] ?? "1,4,16").split(",").map(Number)
const commitConcurrency = process.env["STORE_BENCH_COMMIT_CONCURRENCY"]

const withDatabase = (name: string) => {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

const adminLayer = PgClient.layer({ url: Redacted.make(withDatabase("postgres")) })

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
    const deadline = Date.now() + ms
    let operations = 0
    yield* Effect.forEach(
      Array.from({ length: writers }, (_, w) => w),
      (w) =>
        Effect.gen(function* () {
          while (Date.now() < deadline) {
            // Read the count after the operation: \`operations += yield* …\` would read it before.
            const done = yield* body(w)
            operations += done
          }
        }),
      { concurrency: "unbounded", discard: true }
    )
    return operations
  })

/** Alternates rounds of each candidate; returns each one's rate per second over all its rounds. */
const interleaved = (candidates: ReadonlyArray<Effect.Effect<number, unknown>>) =>
  Effect.gen(function* () {
    const totals = candidates.map(() => ({ operations: 0, ms: 0 }))
    for (let round = 0; round < rounds; round++)
      for (const [index, candidate] of candidates.entries()) {
        const started = performance.now()
        const operations = yield* candidate
        totals[index]!.operations += operations
        totals[index]!.ms += performance.now() - started
      }
    return totals.map((t) => (t.operations * 1000) / t.ms)
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
  const rawInserts = (writers: number) => {
    const tag = `raw${run++}`
    const versions = new Array<number>(writers).fill(0)
    return runFor(writers, roundMs, (w) => {
      const version = ++versions[w]!
      const event = payload(version)
      return sql`INSERT INTO raw_events (tenant_id, stream_id, stream_version, event_type, data, metadata, hash, created_month)
                 VALUES ('bench', ${`bench/i/${tag}-${w}`}, ${version}, ${event.type}, ${JSON.stringify(event.data)}::jsonb,
                         ${JSON.stringify(event.metadata)}::jsonb, ${genesisHash}, ${month!.m}::date)`.pipe(
        Effect.as(1)
      )
    })
  }

  /** Commits of `perCommit` events to each of `streams` streams; returns events written. */
  const commits = (writers: number, perCommit: number, streams = 1) => {
    const tag = `c${run++}`
    const heads = new Map<StreamId, { version: number; lastHash: string }>()
    return runFor(writers, roundMs, (w) => {
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
          return perCommit * streams
        })
      )
    })
  }

  const feedOnly = process.env["STORE_BENCH_FEED_ONLY"] !== undefined
  if (!feedOnly) yield* commitRates(rawInserts, commits)
  if (feedOnly || process.env["STORE_BENCH_QUICK"] === undefined) yield* feedRates(month!.m)
})

type Candidate = (writers: number, perCommit: number, streams?: number) => Effect.Effect<number, unknown>

/** Single-event commits against raw INSERTs, interleaved; then 10-event and 4-stream commits. */
const commitRates = (rawInserts: (writers: number) => Effect.Effect<number, unknown>, commits: Candidate) =>
  Effect.gen(function* () {
    yield* commits(4, 1) // warm-up: plans cached, connections open
    yield* rawInserts(4)
    for (const writers of writerCounts) {
      const [raw, single] = yield* interleaved([rawInserts(writers), commits(writers, 1)])
      report(`store_raw_insert_${writers}w`, raw!, "rows/s")
      report(`store_commit_1event_${writers}w`, single!, "commits/s")
      report(`store_commit_1event_vs_raw_${writers}w`, (single! / raw!) * 100, "percent")
    }
    for (const writers of writerCounts) {
      const [events] = yield* interleaved([commits(writers, 10)])
      report(`store_commit_10events_${writers}w`, events! / 10, "commits/s")
      report(`store_commit_10events_${writers}w_events`, events!, "events/s")
    }
    if (process.env["STORE_BENCH_QUICK"] !== undefined) return
    const [multi] = yield* interleaved([commits(16, 1, 4)])
    report("store_commit_4streams_16w", multi! / 4, "commits/s")
    report("store_commit_4streams_16w_events", multi!, "events/s")
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
    const total = yield* countEvents
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
  const admin = <A, E>(work: (sql: SqlClient.SqlClient) => Effect.Effect<A, E>) =>
    Effect.runPromise(Effect.flatMap(SqlClient.SqlClient, work).pipe(Effect.provide(adminLayer)))
  await admin((sql) => sql`CREATE DATABASE ${sql(name)}`)
  try {
    const url = withDatabase(name)
    const client = PgEventStore.clientLayer(url, 20)
    const migrated = Layer.effectDiscard(migrate).pipe(Layer.provide(client))
    await Effect.runPromise(
      bench.pipe(
        Effect.provide(
          Layer.provideMerge(PgEventStore.layer, client).pipe(
            Layer.provide(migrated),
            Layer.provide(
              EventStoreConfig.layer(
                commitConcurrency === undefined ? {} : { commitConcurrency: Number(commitConcurrency) }
              )
            )
          )
        )
      )
    )
  } finally {
    await admin((sql) => sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`)
  }
}
