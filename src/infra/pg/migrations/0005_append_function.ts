import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * The common commit — one stream, no idempotency record, no alias — with typed parameters:
 * `foldflow_append` takes the head as scalars, event types and hashes as `text[]` and the
 * payloads as one JSON array each (sent as the canonical texts already hashed, with no escaping
 * in between), and does no more than the storage contract needs: one head write and one insert
 * of the events. `foldflow_append_batch` runs several such commits in one call and one
 * transaction (commit coalescing), each atomic on its own with its own outcome; it replaces
 * `foldflow_commit_batch`.
 *
 * An outcome is one float8: the commit's time in epoch milliseconds (≥ 0) when the events were
 * appended, else -1 - the stream's actual version (a conflict: nothing was written, no error was
 * raised, no savepoint was used). One column keeps the driver's work per call small.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    CREATE FUNCTION public.foldflow_append(p_tenant text, p_stream text, p_expected integer, p_prev text,
      p_last_hash text, p_types text[], p_data jsonb, p_metadata jsonb, p_hashes text[], p_rows jsonb)
    RETURNS float8 LANGUAGE plpgsql AS $$
    DECLARE
      n constant integer := cardinality(p_hashes);
      month date;
      change jsonb;
    BEGIN
      IF p_expected = 0 THEN
        -- Creators of one stream queue on its key (as in foldflow_commit): the loser sees the head.
        PERFORM pg_advisory_xact_lock(hashtextextended('s/' || p_stream, 0));
        INSERT INTO public.streams (tenant_id, stream_id, version, last_hash, created_month)
        VALUES (p_tenant, p_stream, n, p_last_hash, date_trunc('month', now() AT TIME ZONE 'UTC')::date)
        ON CONFLICT (stream_id) DO NOTHING
        RETURNING created_month INTO month;
      ELSE
        UPDATE public.streams SET version = p_expected + n, last_hash = p_last_hash
        WHERE stream_id = p_stream AND version = p_expected AND last_hash = p_prev
        RETURNING created_month INTO month;
      END IF;
      IF month IS NULL THEN
        RETURN -1 - coalesce((SELECT version FROM public.streams WHERE stream_id = p_stream), 0);
      END IF;
      IF n = 1 THEN
        INSERT INTO public.events (tenant_id, stream_id, stream_version, event_type, data, metadata, hash, created_month)
        VALUES (p_tenant, p_stream, p_expected + 1, p_types[1], p_data->0, p_metadata->0, p_hashes[1], month);
      ELSE
        INSERT INTO public.events (tenant_id, stream_id, stream_version, event_type, data, metadata, hash, created_month)
        SELECT p_tenant, p_stream, p_expected + e.i, e.y, e.d, e.m, e.h, month
        FROM ROWS FROM (unnest(p_types), jsonb_array_elements(p_data), jsonb_array_elements(p_metadata), unnest(p_hashes))
          WITH ORDINALITY AS e(y, d, m, h, i);
      END IF;
      IF p_rows IS NOT NULL THEN
        FOR change IN SELECT value FROM jsonb_array_elements(p_rows) LOOP
          PERFORM public.foldflow_apply_row_change(change);
        END LOOP;
      END IF;
      -- The time as an exact count of microseconds, then in milliseconds.
      RETURN round(date_part('epoch', now()) * 1e6) / 1000;
    END $$`

  // Commit i has p_counts[i] events, which follow those of the commits before it in the type and
  // hash arrays; its payloads are p_data->(i - 1) and p_metadata->(i - 1), and its row changes
  // p_rows->(i - 1) (JSON null: none). Answers one outcome per commit.
  yield* sql`
    CREATE FUNCTION public.foldflow_append_batch(p_tenants text[], p_streams text[], p_expected integer[],
      p_prev text[], p_last_hash text[], p_counts integer[], p_types text[], p_data jsonb, p_metadata jsonb,
      p_hashes text[], p_rows jsonb)
    RETURNS float8[] LANGUAGE plpgsql AS $$
    DECLARE
      first integer := 1;
      last integer;
      outcomes float8[] := '{}';
    BEGIN
      -- Every lock first, in the order foldflow_commit takes them (advisory locks on new streams'
      -- keys, then the existing heads by stream id), so no two commit calls wait on each other in a cycle.
      PERFORM pg_advisory_xact_lock(k) FROM (
        SELECT DISTINCT hashtextextended('s/' || a.s, 0) AS k
        FROM unnest(p_streams, p_expected) AS a(s, x) WHERE a.x = 0 ORDER BY 1) AS keys;
      PERFORM 1 FROM public.streams WHERE stream_id = ANY (p_streams) ORDER BY stream_id FOR UPDATE;
      FOR i IN 1 .. cardinality(p_streams) LOOP
        last := first + p_counts[i] - 1;
        outcomes := outcomes || public.foldflow_append(p_tenants[i], p_streams[i], p_expected[i], p_prev[i],
          p_last_hash[i], p_types[first:last], p_data->(i - 1), p_metadata->(i - 1), p_hashes[first:last],
          nullif(p_rows->(i - 1), 'null'));
        first := last + 1;
      END LOOP;
      RETURN outcomes;
    END $$`
  yield* sql`DROP FUNCTION public.foldflow_commit_batch(jsonb)`
})
