import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import type { Scope } from "effect"
import { DateTime, Effect, Option } from "effect"
import type { Append, CommitResult } from "../../engine/ports/EventStore.ts"
import type { CommitError } from "../../engine/ports/EventStoreErrors.ts"
import { EventStoreError } from "../../engine/ports/EventStoreErrors.ts"
import type { RowChanges } from "../../engine/ports/RowChanges.ts"
import type { EventStoreOptions } from "../EventStoreConfig.ts"
import { prepareCommit } from "../prepareCommit.ts"
import { makeCoalescer } from "./commitCoalescer.ts"
import type { CommitArguments, Outcome } from "./commitWire.ts"
import { decodeOutcome, encodeArguments } from "./commitWire.ts"
import { describeFailure, ensurePartitions } from "./pgMaintenance.ts"

/** Postgres reports a row with no partition as a check violation naming the missing partition. */
const isMissingPartition = (error: SqlError): boolean => {
  const cause = error.cause as { code?: string; message?: string } | undefined
  return cause?.code === "23514" && (cause.message ?? "").includes("no partition")
}

/** A commit's arguments with the engine's time, when its idempotency records need it. */
interface CallArguments extends CommitArguments {
  readonly now: string | null
}

/**
 * The commit: checked and hashed in Node, then one call of `foldflow_commit` — one round trip.
 * Single-stream commits without idempotency record or alias may share that call with others
 * (see `makeCoalescer`), unless the caller runs inside a transaction of its own. A month without
 * a partition (maintenance behind) is created and the call retried once.
 */
export const makeCommit = (
  sql: SqlClient.SqlClient,
  options: EventStoreOptions,
  onCommitted: Effect.Effect<void>
): Effect.Effect<
  (appends: ReadonlyArray<Append>, rows?: RowChanges) => Effect.Effect<CommitResult, CommitError>,
  never,
  Scope.Scope
> =>
  Effect.gen(function* () {
    const withPartitions = <A>(call: Effect.Effect<A, SqlError>) =>
      Effect.catchIf(call, isMissingPartition, () => Effect.zipRight(ensurePartitions(sql), call))
    const one = (args: CallArguments) =>
      withPartitions(
        sql<{
          readonly r: Outcome
        }>`SELECT public.foldflow_commit(${args.appends}::jsonb, ${args.events}::jsonb,
          ${args.rows}::jsonb, ${args.now}::timestamptz) AS r`
      ).pipe(Effect.map((rows) => rows[0]!.r))
    const many = (batch: ReadonlyArray<CallArguments>) => {
      const commits = batch.map(
        (a) => `{"a":${a.appends},"e":${a.events}${a.rows === null ? "" : `,"r":${a.rows}`}}`
      )
      return withPartitions(
        sql<{
          readonly r: ReadonlyArray<Outcome>
        }>`SELECT public.foldflow_commit_batch(${`[${commits.join(",")}]`}::jsonb) AS r`
      ).pipe(Effect.map((rows) => rows[0]!.r))
    }
    const coalescer = yield* makeCoalescer({
      maxInFlight: options.commitConcurrency,
      maxBatch: options.commitBatchSize,
      one,
      many
    })

    return (appends: ReadonlyArray<Append>, rows: RowChanges = []) =>
      Effect.gen(function* () {
        const prepared = yield* prepareCommit(appends, rows, options)
        if (prepared.appends.length === 0 && prepared.rows.length === 0)
          return { appended: [], recordedAt: yield* DateTime.now }
        const claims = prepared.appends.some((a) => a.command !== undefined || a.alias !== undefined)
        // The engine's clock decides idempotency expiry; without a command record it is not needed.
        const now = claims ? DateTime.formatIso(yield* DateTime.now) : null
        const args: CallArguments = { ...encodeArguments(prepared), now }
        const single = prepared.appends.length === 1 && !claims
        const inTransaction = Option.isSome(yield* Effect.serviceOption(SqlClient.TransactionConnection))
        const outcome = yield* (
          single && !inTransaction ? coalescer.submit(args, prepared.appends[0]!.stream) : one(args)
        ).pipe(
          Effect.mapError(
            (cause) => new EventStoreError({ message: `Commit failed: ${describeFailure(cause)}`, cause })
          )
        )
        const result = yield* decodeOutcome(prepared, outcome)
        yield* onCommitted
        return result
      })
  })
