import { Context, DateTime, Effect, Layer, Option, PubSub } from "effect"
import type { StreamId, TenantId } from "../../domain/ids.ts"
import type {
  FeedOptions,
  FeedPage,
  IntegrityCheckpoint,
  ReadOptions,
  StreamSlice
} from "../../engine/ports/EventStore.ts"
import { EventStore } from "../../engine/ports/EventStore.ts"
import type { FeedCursor } from "../../engine/ports/FeedCursor.ts"
import { decodeFeedCursor, encodeFeedCursor, feedStart } from "../../engine/ports/FeedCursor.ts"
import { genesisHash } from "../../engine/ports/RecordedEvent.ts"
import type { RowChanges } from "../../engine/ports/RowChanges.ts"
import { EventStoreConfig } from "../EventStoreConfig.ts"
import { followFeed } from "../followFeed.ts"
import { makeHeadsDigest } from "../headsDigest.ts"
import { prepareCommit } from "../prepareCommit.ts"
import { verifyChain } from "../verifyChain.ts"
import { commitInMemory } from "./memoryCommit.ts"
import type { MemoryState, Row } from "./memoryState.ts"
import { emptyState } from "./memoryState.ts"

/** The derived rows the in-memory store maintains from row changes, for tests and tools. */
export class MemoryRows extends Context.Tag("foldflow/MemoryRows")<
  MemoryRows,
  { readonly rows: (table: string) => Effect.Effect<ReadonlyArray<Row>> }
>() {}

const compareCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The first index of `state.log` after a feed position (the log is sorted by transaction, position). */
const firstAfter = (state: MemoryState, at: { transaction: bigint; position: bigint }): number => {
  let low = 0
  let high = state.log.length
  while (low < high) {
    const middle = (low + high) >>> 1
    const entry = state.log[middle]!
    const after =
      entry.transaction > at.transaction ||
      (entry.transaction === at.transaction && BigInt(entry.event.position) > at.position)
    if (after) high = middle
    else low = middle + 1
  }
  return low
}

/**
 * The event store in memory, with the Postgres store's semantics: version conflicts listing
 * every stale stream, idempotency records with expiry, aliases, the hash chain, the feed in
 * commit order, durable-for-the-process subscriber checkpoints, and row changes applied to an
 * in-memory table map.
 */
export const make = Effect.gen(function* () {
  const options = yield* EventStoreConfig
  const state = emptyState()
  const wakeups = yield* PubSub.sliding<void>(1)

  const read = (stream: StreamId, readOptions: ReadOptions = {}): Effect.Effect<StreamSlice> =>
    Effect.sync(() => {
      const head = state.streams.get(stream)
      if (head === undefined) return { stream, version: 0, lastHash: genesisHash, events: [] }
      const from = readOptions.after ?? 0
      const to = readOptions.limit === undefined ? undefined : from + readOptions.limit
      return { stream, version: head.version, lastHash: head.lastHash, events: head.events.slice(from, to) }
    })

  const readFeed = (cursor: FeedCursor | undefined, feedOptions: FeedOptions = {}): Effect.Effect<FeedPage> =>
    Effect.sync(() => {
      const limit = feedOptions.limit ?? options.feedBatchSize
      const page: Array<(typeof state.log)[number]> = []
      for (
        let i = firstAfter(state, cursor === undefined ? feedStart : decodeFeedCursor(cursor));
        i < state.log.length;
        i++
      ) {
        const entry = state.log[i]!
        if (feedOptions.tenant !== undefined && entry.tenant !== feedOptions.tenant) continue
        page.push(entry)
        if (page.length >= limit) break
      }
      const last = page[page.length - 1]
      return {
        events: page.map((entry) => entry.event),
        cursor:
          last === undefined
            ? (cursor ?? encodeFeedCursor(feedStart))
            : encodeFeedCursor({ transaction: last.transaction, position: BigInt(last.event.position) })
      }
    })

  const checkpointKey = (subscriber: string, tenant: TenantId | undefined) => `${tenant ?? "*"}/${subscriber}`
  const loadCursor = (subscriber: string, tenant: TenantId | undefined) =>
    Effect.sync(() =>
      Option.fromNullable(state.checkpoints.get(checkpointKey(subscriber, tenant))).pipe(
        Option.map(encodeFeedCursor)
      )
    )

  const integrityCheckpoint = Effect.gen(function* () {
    const digest = makeHeadsDigest()
    for (const stream of [...state.streams.keys()].sort(compareCodeUnits)) {
      const head = state.streams.get(stream)!
      digest.add(stream, head.version, head.lastHash)
    }
    const takenAt = DateTime.formatIso(yield* DateTime.now)
    return {
      takenAt,
      snapshot: state.lastTransaction.toString(),
      position: state.lastPosition,
      ...digest.result()
    }
  })

  const verifyIntegrityCheckpoint = (checkpoint: IntegrityCheckpoint) =>
    Effect.sync(() => {
      const snapshot = BigInt(checkpoint.snapshot)
      const last = new Map<string, { version: number; hash: string }>()
      let count = 0
      for (const entry of state.log) {
        if (entry.transaction > snapshot) break
        count += 1
        last.set(entry.event.stream, { version: entry.event.version, hash: entry.event.hash })
      }
      const digest = makeHeadsDigest()
      for (const stream of [...last.keys()].sort(compareCodeUnits)) {
        const head = last.get(stream)!
        digest.add(stream, head.version, head.hash)
      }
      const now = digest.result()
      const reasons: Array<string> = []
      if (count !== checkpoint.count)
        reasons.push(`Expected ${checkpoint.count} events in the checkpoint's snapshot, but found ${count}`)
      if (now.headsHash !== checkpoint.headsHash)
        reasons.push(`Expected the heads hash ${checkpoint.headsHash}, but the events give ${now.headsHash}`)
      return reasons.length === 0
        ? { _tag: "Consistent" as const, checkpoint }
        : { _tag: "Inconsistent" as const, checkpoint, reasons }
    })

  const store = EventStore.of({
    read,
    commit: (appends, rows: RowChanges = []) =>
      Effect.gen(function* () {
        const prepared = yield* prepareCommit(appends, rows, options)
        const now = yield* DateTime.now
        const result = yield* Effect.suspend(() => commitInMemory(state, prepared, now))
        yield* PubSub.publish(wakeups, undefined)
        return result
      }),
    resolveAlias: (tenant, alias) =>
      Effect.sync(() => Option.fromNullable(state.aliases.get(`${tenant}/${alias}`))),
    readFeed,
    subscribe: followFeed({
      readFeed,
      loadCursor,
      saveCursor: (subscriber, tenant, cursor) =>
        Effect.sync(
          () => void state.checkpoints.set(checkpointKey(subscriber, tenant), decodeFeedCursor(cursor))
        ),
      wakeups,
      pollInterval: options.pollInterval,
      batchSize: options.feedBatchSize
    }),
    subscriberCursor: loadCursor,
    verifyStream: (stream) =>
      Effect.sync(() => {
        const head = state.streams.get(stream)
        return verifyChain(stream, head?.events ?? [], head)
      }),
    pruneExpiredCommands: Effect.gen(function* () {
      const now = yield* DateTime.now
      let pruned = 0
      for (const [key, record] of state.dedup)
        if (!DateTime.greaterThan(record.expiresAt, now)) {
          state.dedup.delete(key)
          pruned += 1
        }
      return pruned
    }),
    metrics: Effect.succeed({ feedHorizonAgeMs: 0, oldestOpenTransactionMs: 0 }),
    integrityCheckpoint,
    verifyIntegrityCheckpoint
  })
  const rows = MemoryRows.of({
    rows: (table) =>
      Effect.sync(() => [...(state.tables.get(table)?.values() ?? [])].map((row) => structuredClone(row)))
  })
  return { store, rows }
})

/** The in-memory store and its row tables; each build starts empty. */
export const layer: Layer.Layer<EventStore | MemoryRows> = Layer.effectContext(
  Effect.map(make, ({ rows, store }) => Context.make(EventStore, store).pipe(Context.add(MemoryRows, rows)))
)
