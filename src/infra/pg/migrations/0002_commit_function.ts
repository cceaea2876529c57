import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * The commit as one server-side function call: one round trip, one transaction, plans cached
 * by PL/pgSQL. Node has checked the input and computed the hashes; the function moves heads
 * only where version and last hash still match, and reports a conflict, a duplicate command, a
 * body mismatch or a taken alias as a result value — no error raised, no savepoint, nothing
 * written. See docs/store.md for the argument's shape.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    CREATE FUNCTION public.foldflow_apply_row_change(p_change jsonb) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      tbl text := p_change->>'t';
      keys text[] := ARRAY(SELECT jsonb_array_elements_text(p_change->'k'));
      cols text[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(p_change->'c', '[]')));
      matches text;
      listed text;
      updates text;
    BEGIN
      IF p_change->>'o' = 'd' THEN
        SELECT string_agg(format('t.%1$I = r.%1$I', k), ' AND ') INTO matches FROM unnest(keys) AS k;
        EXECUTE format('DELETE FROM public.%I AS t USING jsonb_populate_recordset(NULL::public.%I, $1) AS r WHERE %s',
          tbl, tbl, matches) USING p_change->'r';
      ELSE
        SELECT string_agg(format('%I', c), ', ') INTO listed FROM unnest(keys || cols) AS c;
        SELECT string_agg(format('%1$I = excluded.%1$I', c), ', ') INTO updates FROM unnest(cols) AS c;
        EXECUTE format('INSERT INTO public.%I AS t (%s) SELECT %s FROM jsonb_populate_recordset(NULL::public.%I, $1) '
          'ON CONFLICT (%s) DO %s',
          tbl, listed, listed, tbl, (SELECT string_agg(format('%I', k), ', ') FROM unnest(keys) AS k),
          CASE WHEN updates IS NULL THEN 'NOTHING' ELSE 'UPDATE SET ' || updates END) USING p_change->'r';
      END IF;
    END $$`

  yield* sql`
    CREATE FUNCTION public.foldflow_commit(p_appends jsonb, p_events jsonb, p_rows jsonb, p_now timestamptz)
    RETURNS jsonb LANGUAGE plpgsql AS $$
    DECLARE
      n integer := jsonb_array_length(p_appends);
      zeros constant text := repeat('0', 64);
      moved integer;
      found jsonb;
      change jsonb;
    BEGIN
      IF n > 0 THEN
        -- Take every lock first (advisory locks on new keys, then the existing heads, each in a fixed
        -- order), check, and only then write. (One stream without claims goes to foldflow_append.)
        PERFORM pg_advisory_xact_lock(k) FROM (
          SELECT DISTINCT hashtextextended(claim, 0) AS k FROM (
            SELECT 'c/' || (a->>'t') || '/' || (a->>'c') FROM jsonb_array_elements(p_appends) AS a WHERE a ? 'c'
            UNION ALL
            SELECT 'l/' || (a->>'t') || '/' || (a->>'l') FROM jsonb_array_elements(p_appends) AS a WHERE a ? 'l'
            UNION ALL
            SELECT 's/' || (a->>'s') FROM jsonb_array_elements(p_appends) AS a WHERE (a->>'x')::integer = 0
          ) AS claims(claim) ORDER BY 1) AS keys;
        PERFORM 1 FROM public.streams
        WHERE stream_id IN (SELECT a->>'s' FROM jsonb_array_elements(p_appends) AS a)
        ORDER BY stream_id FOR UPDATE;

        SELECT jsonb_agg(jsonb_build_object('c', d.command_id, 's', d.stream_id, 'f', d.first_version,
                 'l', d.last_version, 'same', d.body_hash = a.b) ORDER BY a.i)
        INTO found
        FROM ROWS FROM (jsonb_to_recordset(p_appends) AS (t text, c text, b text)) WITH ORDINALITY AS a(t, c, b, i)
        JOIN public.command_dedup AS d ON d.tenant_id = a.t AND d.command_id = a.c AND d.expires_at > p_now;
        IF found IS NOT NULL THEN
          RETURN jsonb_build_object('duplicates', found, 'events', (
            SELECT coalesce(jsonb_agg(jsonb_build_object('s', e.stream_id, 'v', e.stream_version, 'y', e.event_type,
                     'd', e.data, 'm', e.metadata, 'h', e.hash, 'p', e.global_position,
                     'at', extract(epoch FROM e.recorded_at) * 1000) ORDER BY e.stream_id, e.stream_version), '[]')
            FROM jsonb_to_recordset(found) AS f(s text, f integer, l integer, same boolean)
            JOIN public.streams AS h ON h.stream_id = f.s
            JOIN public.events AS e ON e.stream_id = f.s AND e.created_month = h.created_month
              AND e.stream_version BETWEEN f.f AND f.l
            WHERE f.same));
        END IF;

        SELECT jsonb_agg(jsonb_build_object('t', ia.tenant_id, 'l', ia.alias, 's', ia.stream_id))
        INTO found
        FROM jsonb_to_recordset(p_appends) AS a(t text, s text, l text)
        JOIN public.instance_aliases AS ia ON ia.tenant_id = a.t AND ia.alias = a.l AND ia.stream_id <> a.s;
        IF found IS NOT NULL THEN
          RETURN jsonb_build_object('aliases', found);
        END IF;

        SELECT jsonb_agg(jsonb_build_object('s', a.s, 'x', a.x, 'v', coalesce(h.version, 0)) ORDER BY a.s)
        INTO found
        FROM jsonb_to_recordset(p_appends) AS a(s text, x integer, p text)
        LEFT JOIN public.streams AS h ON h.stream_id = a.s
        WHERE coalesce(h.version, 0) <> a.x OR coalesce(h.last_hash, zeros) <> a.p;
        IF found IS NOT NULL THEN
          RETURN jsonb_build_object('conflicts', found);
        END IF;

        -- The write of DESIGN §4: dedup records and aliases first; heads and events select from
        -- their RETURNING, so a command whose record could not be written writes nothing.
        WITH a AS (
          SELECT * FROM jsonb_to_recordset(p_appends)
            AS a(t text, s text, x integer, p text, v integer, h text, c text, b text, e timestamptz, l text)
        ), dedup AS (
          INSERT INTO public.command_dedup AS d
            (tenant_id, command_id, body_hash, stream_id, first_version, last_version, expires_at)
          SELECT a.t, a.c, a.b, a.s, a.x + 1, a.v, a.e FROM a WHERE a.c IS NOT NULL
          ON CONFLICT (tenant_id, command_id) DO UPDATE
            SET body_hash = excluded.body_hash, stream_id = excluded.stream_id,
                first_version = excluded.first_version, last_version = excluded.last_version,
                expires_at = excluded.expires_at
            WHERE d.expires_at <= p_now
          RETURNING d.stream_id
        ), alias AS (
          INSERT INTO public.instance_aliases (tenant_id, alias, stream_id)
          SELECT a.t, a.l, a.s FROM a WHERE a.l IS NOT NULL
          ON CONFLICT (tenant_id, alias) DO NOTHING
          RETURNING stream_id
        ), claimed AS (
          SELECT a.* FROM a
          WHERE (a.c IS NULL OR a.s IN (SELECT stream_id FROM dedup))
            AND (a.l IS NULL OR a.s IN (SELECT stream_id FROM alias) OR EXISTS (
              SELECT 1 FROM public.instance_aliases AS ia WHERE ia.tenant_id = a.t AND ia.alias = a.l AND ia.stream_id = a.s))
        ), created AS (
          INSERT INTO public.streams (tenant_id, stream_id, version, last_hash, created_month)
          SELECT c.t, c.s, c.v, c.h, date_trunc('month', now() AT TIME ZONE 'UTC')::date FROM claimed AS c
          WHERE c.x = 0 AND c.p = zeros
          ON CONFLICT (stream_id) DO NOTHING
          RETURNING tenant_id, stream_id, created_month
        ), advanced AS (
          UPDATE public.streams AS h SET version = c.v, last_hash = c.h
          FROM claimed AS c
          WHERE h.stream_id = c.s AND c.x > 0 AND h.version = c.x AND h.last_hash = c.p
          RETURNING h.tenant_id, h.stream_id, h.created_month
        ), heads AS (
          SELECT * FROM created UNION ALL SELECT * FROM advanced
        ), appended AS (
          INSERT INTO public.events (tenant_id, stream_id, stream_version, event_type, data, metadata, hash, created_month)
          SELECT heads.tenant_id, heads.stream_id, (e->>'v')::integer, e->>'y', e->'d', e->'m', e->>'h', heads.created_month
          FROM jsonb_array_elements(p_events) AS e
          JOIN heads ON heads.stream_id = e->>'s'
        )
        SELECT count(*) INTO moved FROM heads;
        IF moved <> n THEN
          -- Unreachable while every writer goes through this function: all keys were locked and checked.
          RAISE EXCEPTION 'foldflow_commit: % of % heads moved after they were locked and checked', moved, n;
        END IF;
      END IF;

      IF p_rows IS NOT NULL THEN
        FOR change IN SELECT value FROM jsonb_array_elements(p_rows) LOOP
          PERFORM public.foldflow_apply_row_change(change);
        END LOOP;
      END IF;
      RETURN jsonb_build_object('ok', true, 'at', extract(epoch FROM now()) * 1000);
    END $$`
})
