import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * Several independent commits in one call and one transaction, each atomic on its own: a commit
 * that conflicts writes nothing and the others go on (commit coalescing: the round trip, the
 * transaction and the WAL flush are shared, like the server's group commit). The caller sends
 * only single-stream commits without idempotency record or alias, sorted by stream, so every
 * batch takes its head locks in the same global order.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    CREATE FUNCTION public.foldflow_commit_batch(p_commits jsonb)
    RETURNS jsonb LANGUAGE plpgsql AS $$
    DECLARE
      c jsonb;
      outcomes jsonb := '[]';
    BEGIN
      FOR c IN SELECT value FROM jsonb_array_elements(p_commits) LOOP
        outcomes := outcomes || jsonb_build_array(public.foldflow_commit(c->'a', c->'e', nullif(c->'r', 'null'), NULL));
      END LOOP;
      RETURN outcomes;
    END $$`
})
