import type { DateTime, Duration, Effect, Option } from "effect"
import { Context, Schema } from "effect"
import type { CommandId, StreamId, TenantId } from "../../domain/ids.ts"
import type { CommitError, EventStoreError } from "./EventStoreErrors.ts"
import type { FeedCursor } from "./FeedCursor.ts"
import type { NewEvent, RecordedEvent } from "./RecordedEvent.ts"
import type { RowChanges } from "./RowChanges.ts"

/** A client's own id for an instance, unique per tenant; it never expires. */
export const Alias = Schema.String.pipe(
  Schema.pattern(/^[\x21-\x7e]{1,200}$/, {
    message: (issue) =>
      `Expected an alias of 1 to 200 printable ASCII characters without spaces, but got ${JSON.stringify(issue.actual)}`
  }),
  Schema.brand("Alias")
)
export type Alias = typeof Alias.Type

/** A durable feed consumer's name; its checkpoint is kept per tenant filter. */
export const SubscriberName = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9][a-z0-9_.-]{0,99}$/, {
    message: (issue) =>
      `Expected a subscriber name (lower-case letters, digits, _ . or -, at most 100), but got ${JSON.stringify(issue.actual)}`
  }),
  Schema.brand("SubscriberName")
)
export type SubscriberName = typeof SubscriberName.Type

/** The idempotency record of an external command, written in the same statement as its events. */
export interface CommandRecord {
  readonly id: CommandId
  readonly bodyHash: string
  readonly expiresAt: DateTime.Utc
}

/**
 * Events for one stream, to be written only if the stream is still at `expected` with the
 * `prevHash` the caller loaded (64 zeros and 0 for a new stream).
 */
export interface Append {
  readonly stream: StreamId
  readonly expected: number
  readonly prevHash: string
  readonly events: ReadonlyArray<NewEvent>
  readonly command?: CommandRecord | undefined
  readonly alias?: Alias | undefined
}

export interface AppendResult {
  readonly stream: StreamId
  readonly firstVersion: number
  readonly lastVersion: number
  readonly lastHash: string
}

export interface CommitResult {
  readonly appended: ReadonlyArray<AppendResult>
  readonly recordedAt: DateTime.Utc
}

/** A stream's events after a version, with the head to commit against next. */
export interface StreamSlice {
  readonly stream: StreamId
  readonly version: number
  readonly lastHash: string
  readonly events: ReadonlyArray<RecordedEvent>
}

export interface ReadOptions {
  /** Return events after this version (default 0: all). */
  readonly after?: number | undefined
  readonly limit?: number | undefined
}

export interface FeedOptions {
  readonly tenant?: TenantId | undefined
  readonly limit?: number | undefined
}

/**
 * A page of the feed. Order is `(transaction, position)`: not commit order, and one stream's
 * events may interleave with others' — consumers check `version`.
 */
export interface FeedPage {
  readonly events: ReadonlyArray<RecordedEvent>
  /** Where the next read starts; equal to the input cursor when nothing new is visible. */
  readonly cursor: FeedCursor
}

export interface SubscribeOptions {
  readonly tenant?: TenantId | undefined
  readonly batchSize?: number | undefined
  /** How often to look for events when no notification arrives (default from the store's config). */
  readonly pollInterval?: Duration.DurationInput | undefined
}

export type ChainVerification =
  | {
      readonly _tag: "Intact"
      readonly stream: StreamId
      readonly version: number
      readonly lastHash: string
    }
  | {
      readonly _tag: "Broken"
      readonly stream: StreamId
      /** The first version whose link is broken. */
      readonly version: number
      readonly reason: string
    }

/**
 * A summary of the whole store at one snapshot, kept outside the database so truncation or a
 * recomputed chain can be detected later: event count, last position, rolling hash of heads.
 */
export interface IntegrityCheckpoint {
  readonly takenAt: string
  /** The store's own snapshot token (for Postgres: `pg_current_snapshot()` as text). */
  readonly snapshot: string
  readonly position: number
  readonly count: number
  readonly streams: number
  readonly headsHash: string
}

export type CheckpointVerification =
  | { readonly _tag: "Consistent"; readonly checkpoint: IntegrityCheckpoint }
  | {
      readonly _tag: "Inconsistent"
      readonly checkpoint: IntegrityCheckpoint
      readonly reasons: ReadonlyArray<string>
    }

export interface StoreMetrics {
  /** How long the oldest event hidden from feed readers by an open transaction has waited (0: none). */
  readonly feedHorizonAgeMs: number
  /** Age of the oldest open transaction that holds a transaction id (0: none). */
  readonly oldestOpenTransactionMs: number
}

/**
 * The event store: append-only streams with a hash chain, one-round-trip commits of events,
 * heads, idempotency records and row changes, and a global feed.
 */
export class EventStore extends Context.Tag("foldflow/EventStore")<
  EventStore,
  {
    readonly read: (stream: StreamId, options?: ReadOptions) => Effect.Effect<StreamSlice, EventStoreError>
    /** One round trip: heads advanced, events, dedup records and row changes, or a typed failure. */
    readonly commit: (
      appends: ReadonlyArray<Append>,
      rows?: RowChanges
    ) => Effect.Effect<CommitResult, CommitError>
    readonly resolveAlias: (
      tenant: TenantId,
      alias: Alias
    ) => Effect.Effect<Option.Option<StreamId>, EventStoreError>
    /** Events after `cursor` (the start when absent) that no open transaction can still precede. */
    readonly readFeed: (
      cursor: FeedCursor | undefined,
      options?: FeedOptions
    ) => Effect.Effect<FeedPage, EventStoreError>
    /**
     * Follows the feed for ever from the subscriber's durable checkpoint, calling `handle` per
     * page and saving the checkpoint once it succeeds (even when interrupted then): a page comes
     * again only if the process dies between the two (at-least-once).
     */
    readonly subscribe: <E, R>(
      subscriber: SubscriberName,
      handle: (page: FeedPage) => Effect.Effect<void, E, R>,
      options?: SubscribeOptions
    ) => Effect.Effect<never, E | EventStoreError, R>
    readonly subscriberCursor: (
      subscriber: SubscriberName,
      tenant?: TenantId
    ) => Effect.Effect<Option.Option<FeedCursor>, EventStoreError>
    /** Recomputes a stream's hash chain and names the first broken link. */
    readonly verifyStream: (stream: StreamId) => Effect.Effect<ChainVerification, EventStoreError>
    /** Deletes expired idempotency records; returns how many. */
    readonly pruneExpiredCommands: Effect.Effect<number, EventStoreError>
    readonly metrics: Effect.Effect<StoreMetrics, EventStoreError>
    readonly integrityCheckpoint: Effect.Effect<IntegrityCheckpoint, EventStoreError>
    readonly verifyIntegrityCheckpoint: (
      checkpoint: IntegrityCheckpoint
    ) => Effect.Effect<CheckpointVerification, EventStoreError>
  }
>() {}
