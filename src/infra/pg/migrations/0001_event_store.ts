import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * The tables of DESIGN §4, in the public schema. `events` is partitioned by the month its stream
 * was created (kept on the head), so retention detaches and drops whole partitions; triggers make
 * it append-only (also on each partition, where TRUNCATE triggers are not inherited).
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    CREATE TABLE public.streams (
      tenant_id text NOT NULL,
      stream_id text PRIMARY KEY,
      version integer NOT NULL,
      last_hash text NOT NULL,
      created_month date NOT NULL
    ) WITH (fillfactor = 80)`
  yield* sql`
    CREATE TABLE public.events (
      tenant_id text NOT NULL,
      stream_id text NOT NULL,
      stream_version integer NOT NULL,
      event_type text NOT NULL,
      data jsonb NOT NULL,
      metadata jsonb NOT NULL,
      hash text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      created_month date NOT NULL,
      global_position bigint GENERATED ALWAYS AS IDENTITY,
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      PRIMARY KEY (stream_id, stream_version, created_month)
    ) PARTITION BY RANGE (created_month)`
  // The feed reads in (transaction_id, global_position) order, globally and per tenant.
  yield* sql`CREATE INDEX events_feed ON public.events (transaction_id, global_position)`
  yield* sql`CREATE INDEX events_tenant_feed ON public.events (tenant_id, transaction_id, global_position)`
  yield* sql`
    CREATE TABLE public.command_dedup (
      tenant_id text NOT NULL,
      command_id text NOT NULL,
      body_hash text NOT NULL,
      stream_id text NOT NULL,
      first_version integer NOT NULL,
      last_version integer NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, command_id)
    )`
  yield* sql`CREATE INDEX command_dedup_expires ON public.command_dedup (expires_at)`
  yield* sql`
    CREATE TABLE public.instance_aliases (
      tenant_id text NOT NULL,
      alias text NOT NULL,
      stream_id text NOT NULL,
      PRIMARY KEY (tenant_id, alias)
    )`
  yield* sql`
    CREATE FUNCTION public.foldflow_reject_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'Expected events to be append-only, but % was attempted on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
    END $$`
  yield* sql`
    CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON public.events
    FOR EACH ROW EXECUTE FUNCTION public.foldflow_reject_event_change()`
  yield* sql`
    CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON public.events
    FOR EACH STATEMENT EXECUTE FUNCTION public.foldflow_reject_event_change()`
  // Months are UTC months, whatever the session's time zone.
  yield* sql`
    CREATE FUNCTION public.foldflow_ensure_event_partitions(p_from timestamptz, p_months integer)
    RETURNS integer LANGUAGE plpgsql AS $$
    DECLARE
      month date := date_trunc('month', p_from AT TIME ZONE 'UTC')::date;
      name text;
      made integer := 0;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtextextended('foldflow/event-partitions', 0));
      FOR i IN 1 .. p_months LOOP
        name := format('events_y%sm%s', to_char(month, 'YYYY'), to_char(month, 'MM'));
        IF to_regclass(format('public.%I', name)) IS NULL THEN
          EXECUTE format('CREATE TABLE public.%I PARTITION OF public.events FOR VALUES FROM (%L) TO (%L)',
            name, month, (month + interval '1 month')::date);
          EXECUTE format('CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON public.%I '
            'FOR EACH STATEMENT EXECUTE FUNCTION public.foldflow_reject_event_change()', name);
          made := made + 1;
        END IF;
        month := (month + interval '1 month')::date;
      END LOOP;
      RETURN made;
    END $$`
  yield* sql`SELECT public.foldflow_ensure_event_partitions(now(), 2)`
})
