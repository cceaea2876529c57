import { randomUUID } from "node:crypto"
import { DateTime, Effect, Either, Schedule } from "effect"
import type { CommandId, StreamId, TenantId } from "../../../src/domain/ids.ts"
import type { Json } from "../../../src/domain/json/Json.ts"
import type { Alias, Append, CommitResult } from "../../../src/engine/ports/EventStore.ts"
import { EventStore } from "../../../src/engine/ports/EventStore.ts"
import type { CommitError } from "../../../src/engine/ports/EventStoreErrors.ts"
import type { NewEvent } from "../../../src/engine/ports/RecordedEvent.ts"
import { genesisHash } from "../../../src/engine/ports/RecordedEvent.ts"
import type { RowChanges } from "../../../src/engine/ports/RowChanges.ts"

/** A tenant of its own per test, so tests sharing a store never see each other's rows or feed. */
export const freshTenant = (): TenantId => `t${randomUUID().replaceAll("-", "").slice(0, 12)}` as TenantId

export const instanceOf = (tenant: TenantId): StreamId => `${tenant}/i/${randomUUID()}` as StreamId

export const definitionOf = (tenant: TenantId, name: string): StreamId => `${tenant}/d/${name}` as StreamId

export const event = (type: string, data: Json = {}, metadata: Json = {}): NewEvent => ({
  type,
  data,
  metadata
})

export const commandId = (text: string): CommandId => text as CommandId

export const alias = (text: string): Alias => text as Alias

/** An append creating a stream. */
export const create = (
  stream: StreamId,
  events: ReadonlyArray<NewEvent>,
  extra: Partial<Append> = {}
): Append => ({
  stream,
  expected: 0,
  prevHash: genesisHash,
  events,
  ...extra
})

/** An append continuing a stream from the head a previous commit returned. */
export const extend = (
  stream: StreamId,
  head: { readonly version: number; readonly lastHash: string },
  events: ReadonlyArray<NewEvent>,
  extra: Partial<Append> = {}
): Append => ({ stream, expected: head.version, prevHash: head.lastHash, events, ...extra })

/** The result's head of one stream, as `extend` wants it. */
export const headOf = (result: CommitResult, stream: StreamId) => {
  const appended = result.appended.find((a) => a.stream === stream)
  if (appended === undefined) throw new Error(`Expected ${stream} in the commit result`)
  return { version: appended.lastVersion, lastHash: appended.lastHash }
}

/** Commits and returns the outcome as an Either, so tests can assert on typed failures. */
export const tryCommit = (
  appends: ReadonlyArray<Append>,
  rows?: RowChanges
): Effect.Effect<Either.Either<CommitResult, CommitError>, never, EventStore> =>
  Effect.flatMap(EventStore, (store) => Effect.either(store.commit(appends, rows)))

export const commit = (appends: ReadonlyArray<Append>, rows?: RowChanges) =>
  Effect.flatMap(EventStore, (store) => store.commit(appends, rows))

export const expiresIn = (millis: number) => Effect.map(DateTime.now, (now) => DateTime.add(now, { millis }))

export const failureOf = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error(`Expected a failure, but the commit succeeded`)
  return result.left
}

/**
 * Waits until a tenant's feed shows `count` events: on a shared server any open transaction
 * (another suite's) holds the feed's horizon back for a moment.
 */
export const visible = (tenant: TenantId, count: number) =>
  Effect.flatMap(EventStore, (store) => store.readFeed(undefined, { tenant, limit: 1000 })).pipe(
    Effect.filterOrFail((page) => page.events.length >= count),
    Effect.retry(Schedule.spaced("20 millis")),
    Effect.timeout("10 seconds")
  )
