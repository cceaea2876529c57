import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import type { Scope } from "effect"
import { Context, DateTime, Effect, Either } from "effect"
import type { Append, CommitResult } from "../../engine/ports/EventStore.ts"
import type { CommitError } from "../../engine/ports/EventStoreErrors.ts"
import { EventStoreError } from "../../engine/ports/EventStoreErrors.ts"
import type { RowChanges } from "../../engine/ports/RowChanges.ts"
import type { EventStoreOptions } from "../EventStoreConfig.ts"
import type { PreparedCommit } from "../prepareCommit.ts"
import { prepareCommit } from "../prepareCommit.ts"
import type { AppendCall } from "./appendCall.ts"
import {
  appendBatchParameters,
  appendBatchSql,
  appendParameters,
  appendResult,
  appendSql
} from "./appendCall.ts"
import { makeCoalescer } from "./commitCoalescer.ts"
import type { Outcome } from "./commitWire.ts"
import { decodeOutcome, encodeArguments, encodeRowChanges } from "./commitWire.ts"
import { describeFailure, ensurePartitions } from "./pgMaintenance.ts"

/** Postgres reports a row with no partition as a check violation naming the missing partition. */
const isMissingPartition = (error: SqlError): boolean => {
  const cause = error.cause as { code?: string; message?: string } | undefined
  return cause?.code === "23514" && (cause.message ?? "").includes("no partition")
}

const commitFailed = (cause: SqlError) =>
  new EventStoreError({ message: `Commit failed: ${describeFailure(cause)}`, cause })

/**
 * The commit: checked and hashed in Node, then one call — one round trip. The common commit (one
 * stream, no idempotency record, no alias) calls `foldflow_append` with typed parameters and may
 * share the call with other such commits (see `makeCoalescer`) unless the caller runs inside a
 * transaction of its own; any other commit calls `foldflow_commit`. A month without a partition
 * (maintenance behind) is created and the call retried once. `onCommitted` runs after each
 * successful commit (it must not block).
 */
export const makeCommit = (
  sql: SqlClient.SqlClient,
  options: EventStoreOptions,
  onCommitted: () => void
): Effect.Effect<
  (appends: ReadonlyArray<Append>, rows?: RowChanges) => Effect.Effect<CommitResult, CommitError>,
  never,
  Scope.Scope
> =>
  Effect.gen(function* () {
    const withPartitions = <A>(call: Effect.Effect<A, SqlError>) =>
      Effect.catchIf(call, isMissingPartition, () => Effect.zipRight(ensurePartitions(sql), call))

    const one = (call: AppendCall): Effect.Effect<number, SqlError> =>
      Effect.map(
        withPartitions(sql.unsafe<{ readonly r: number }>(appendSql, appendParameters(call))),
        (rows) => rows[0]!.r
      )
    const many = (calls: ReadonlyArray<AppendCall>): Effect.Effect<ReadonlyArray<number>, SqlError> =>
      Effect.map(
        withPartitions(
          sql.unsafe<{ readonly r: ReadonlyArray<number> }>(appendBatchSql, appendBatchParameters(calls))
        ),
        (rows) => rows[0]!.r
      )
    const coalescer = yield* makeCoalescer({
      maxInFlight: options.commitConcurrency,
      maxBatch: options.commitBatchSize,
      one,
      many
    })

    /** Any other commit: several streams, or idempotency records and aliases to claim. */
    const general = (prepared: PreparedCommit) =>
      Effect.gen(function* () {
        const claims = prepared.appends.some((a) => a.command !== undefined || a.alias !== undefined)
        // The engine's clock decides idempotency expiry; without a command record it is not needed.
        const now = claims ? DateTime.formatIso(yield* DateTime.now) : null
        const args = encodeArguments(prepared)
        const rows = yield* withPartitions(
          sql<{
            readonly r: Outcome
          }>`SELECT public.foldflow_commit(${args.appends}::jsonb, ${args.events}::jsonb,
            ${args.rows}::jsonb, ${now}::timestamptz) AS r`
        ).pipe(Effect.mapError(commitFailed))
        return yield* decodeOutcome(prepared, rows[0]!.r)
      })

    const committed = <A>(result: A): A => {
      onCommitted()
      return result
    }

    return (appends: ReadonlyArray<Append>, rows: RowChanges = []) =>
      Effect.contextWithEffect((context: Context.Context<never>) => {
        const checked = prepareCommit(appends, rows, options)
        if (Either.isLeft(checked)) return Effect.fail(checked.left)
        const prepared = checked.right
        if (prepared.appends.length === 0 && prepared.rows.length === 0)
          return Effect.map(DateTime.now, (recordedAt): CommitResult => ({ appended: [], recordedAt }))
        const [append] = prepared.appends
        if (prepared.appends.length !== 1 || append!.command !== undefined || append!.alias !== undefined)
          return Effect.map(general(prepared), committed)
        const call: AppendCall = {
          append: append!,
          rows: prepared.rows.length === 0 ? null : encodeRowChanges(prepared.rows)
        }
        // A caller's own transaction holds its connection: the commit goes alone, on it.
        const inTransaction = Context.getOption(context, SqlClient.TransactionConnection)._tag === "Some"
        return Effect.matchEffect(inTransaction ? one(call) : coalescer.submit(call, append!.stream), {
          onFailure: (cause) => Effect.fail(commitFailed(cause)),
          onSuccess: (outcome) => {
            const result = appendResult(append!, outcome)
            if (Either.isRight(result)) onCommitted()
            return result
          }
        })
      })
  })
