/**
 * Paired measurement for the store benchmark: two workloads alternate in short slices, so the
 * machine's load, the disk's flush time and checkpoints hit both alike, and each ratio comes from
 * two adjacent slices. CPU time per operation is taken from Node (`process.cpuUsage`) and from the
 * database's backends (`/proc/PID/schedstat`, when Postgres runs on this machine).
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import { readFileSync } from "node:fs"

/** One slice of a workload: runs for a fixed time and returns the operations it completed. */
export type Slice = Effect.Effect<number, unknown>

interface Totals {
  operations: number
  ms: number
  nodeMicros: number
  pgNanos: number
  rates: Array<number>
}

export interface SideFigures {
  /** Median of the slices' rates, per second. */
  readonly rate: number
  /** CPU per operation over all slices, in µs (`NaN` when the backends cannot be observed). */
  readonly nodeMicros: number
  readonly pgMicros: number
}

export interface PairedFigures {
  readonly a: SideFigures
  readonly b: SideFigures
  /** Quartiles of the pairs' rate ratios b / a. */
  readonly ratio: { readonly p25: number; readonly median: number; readonly p75: number }
}

const quantile = (values: ReadonlyArray<number>, q: number): number => {
  const sorted = [...values].sort((x, y) => x - y)
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  return sorted[low]! + (sorted[Math.ceil(at)]! - sorted[low]!) * (at - low)
}

/** The one-minute load average of this machine. */
export const loadAverage = (): number => Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0])

/** Nanoseconds on CPU of each process so far, by id; none when the processes cannot be read here. */
const processNanos = (pids: ReadonlyArray<number>): Map<number, number> => {
  const nanos = new Map<number, number>()
  for (const pid of pids) {
    try {
      nanos.set(pid, Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]))
    } catch {
      // Ended meanwhile, or Postgres runs elsewhere.
    }
  }
  return nanos
}

/** CPU nanoseconds the processes used between two readings (a process that ended counts 0). */
const nanosBetween = (before: Map<number, number>, after: Map<number, number>): number => {
  if (before.size === 0) return Number.NaN
  let total = 0
  for (const [pid, nanos] of after) total += nanos - (before.get(pid) ?? nanos)
  return total
}

/** Process ids of the current database's client backends (the pool's connections). */
const backendPids = Effect.flatMap(SqlClient.SqlClient, (sql) =>
  sql<{ readonly pid: number }>`SELECT pid FROM pg_stat_activity
    WHERE datname = current_database() AND backend_type = 'client backend'`.pipe(
    Effect.map((rows) => rows.map((row) => row.pid))
  )
)

/** A CHECKPOINT, so the next phase does not pay for the last one's dirty pages and WAL. */
export const checkpoint = Effect.flatMap(SqlClient.SqlClient, (sql) =>
  sql`CHECKPOINT`.pipe(
    Effect.asVoid,
    Effect.catchAll((error) => Effect.logWarning("CHECKPOINT failed (not a superuser?)", error))
  )
)

const measure = (slice: Slice, totals: Totals) =>
  Effect.gen(function* () {
    // The pool may have opened or closed connections since the last slice.
    const pids = yield* backendPids
    const cpu = process.cpuUsage()
    const pg = processNanos(pids)
    const started = performance.now()
    const operations = yield* slice
    const ms = performance.now() - started
    const used = process.cpuUsage(cpu)
    totals.operations += operations
    totals.ms += ms
    totals.nodeMicros += used.user + used.system
    totals.pgNanos += nanosBetween(pg, processNanos(pids))
    totals.rates.push((operations * 1000) / ms)
  })

const figures = (totals: Totals): SideFigures => ({
  rate: quantile(totals.rates, 0.5),
  nodeMicros: totals.nodeMicros / totals.operations,
  pgMicros: totals.pgNanos / 1000 / totals.operations
})

/**
 * Runs `a` and `b` alternately in `pairs` pairs (ABBA order, after one warm-up pair that is not
 * counted) and returns each side's median rate and CPU per operation, and the quartiles of the
 * per-pair ratios b / a.
 */
export const pairedSlices = (a: Slice, b: Slice, options: { readonly pairs: number }) =>
  Effect.gen(function* () {
    const empty = (): Totals => ({ operations: 0, ms: 0, nodeMicros: 0, pgNanos: 0, rates: [] })
    // Warm-up: JIT, plan caches, and the pool's connections for this many writers.
    yield* measure(a, empty())
    yield* measure(b, empty())
    const ta = empty()
    const tb = empty()
    for (let pair = 0; pair < options.pairs; pair++) {
      if (pair % 2 === 0) {
        yield* measure(a, ta)
        yield* measure(b, tb)
      } else {
        yield* measure(b, tb)
        yield* measure(a, ta)
      }
    }
    const ratios = ta.rates.map((rate, i) => tb.rates[i]! / rate)
    return {
      a: figures(ta),
      b: figures(tb),
      ratio: { p25: quantile(ratios, 0.25), median: quantile(ratios, 0.5), p75: quantile(ratios, 0.75) }
    } satisfies PairedFigures
  })
