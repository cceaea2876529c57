import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/** Durable feed positions of subscribers; `tenant_id` is `*` for a subscriber of every tenant. */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    CREATE TABLE public.feed_checkpoints (
      tenant_id text NOT NULL,
      subscriber text NOT NULL,
      transaction_id xid8 NOT NULL,
      global_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, subscriber)
    )`
})
