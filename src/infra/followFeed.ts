import { Duration, Effect, Fiber, Option, PubSub, Queue } from "effect"
import type { TenantId } from "../domain/ids.ts"
import type { FeedOptions, FeedPage, SubscribeOptions, SubscriberName } from "../engine/ports/EventStore.ts"
import type { EventStoreError } from "../engine/ports/EventStoreErrors.ts"
import type { FeedCursor } from "../engine/ports/FeedCursor.ts"

/** What a store provides so subscribers can follow its feed. */
export interface FeedSource {
  readonly readFeed: (
    cursor: FeedCursor | undefined,
    options?: FeedOptions
  ) => Effect.Effect<FeedPage, EventStoreError>
  readonly loadCursor: (
    subscriber: SubscriberName,
    tenant: TenantId | undefined
  ) => Effect.Effect<Option.Option<FeedCursor>, EventStoreError>
  readonly saveCursor: (
    subscriber: SubscriberName,
    tenant: TenantId | undefined,
    cursor: FeedCursor
  ) => Effect.Effect<void, EventStoreError>
  /** Published after commits (here or, through the database, anywhere). */
  readonly wakeups: PubSub.PubSub<void>
  readonly pollInterval: Duration.Duration
  readonly batchSize: number
}

/**
 * Follows the feed for ever from the subscriber's durable checkpoint: reads a page, hands it to
 * `handle`, saves the checkpoint, and reads again; when nothing is visible, waits for a wake-up
 * or the poll interval. Wake-ups only shorten the wait — a missed one costs one poll interval,
 * so progress never depends on notifications.
 */
export const followFeed =
  (source: FeedSource) =>
  <E, R>(
    subscriber: SubscriberName,
    handle: (page: FeedPage) => Effect.Effect<void, E, R>,
    options: SubscribeOptions = {}
  ): Effect.Effect<never, E | EventStoreError, R> =>
    Effect.scoped(
      Effect.gen(function* () {
        // Subscribe before the first read, so a wake-up sent in between is not lost.
        const wakeups = yield* PubSub.subscribe(source.wakeups)
        const pollInterval = Duration.decode(options.pollInterval ?? source.pollInterval)
        const limit = options.batchSize ?? source.batchSize
        const feedOptions: FeedOptions = { tenant: options.tenant, limit }
        let cursor = Option.getOrUndefined(yield* source.loadCursor(subscriber, options.tenant))
        // A full page means more is likely waiting: the next page is read while this one is handled.
        let ahead: Fiber.Fiber<FeedPage, EventStoreError> | undefined
        while (true) {
          const page =
            ahead === undefined ? yield* source.readFeed(cursor, feedOptions) : yield* Fiber.join(ahead)
          ahead = undefined
          if (page.events.length > 0) {
            if (page.events.length >= limit)
              ahead = yield* Effect.fork(source.readFeed(page.cursor, feedOptions))
            // Once a page is handled its checkpoint is saved even if the subscription is being
            // interrupted; only a crash in between makes the page come again.
            yield* Effect.uninterruptibleMask((restore) =>
              Effect.zipRight(
                restore(handle(page)),
                source.saveCursor(subscriber, options.tenant, page.cursor)
              )
            )
            cursor = page.cursor
            continue
          }
          yield* Queue.take(wakeups).pipe(Effect.timeoutOption(pollInterval))
          yield* Queue.takeAll(wakeups)
        }
      })
    )
