import type { Layer } from "effect"
import type { EventStore } from "../../../src/engine/ports/EventStore.ts"
import { serverAvailable } from "../../support/postgres.ts"
import type { StoreProbe } from "./stores.ts"
import { memoryStore, pgStore } from "./stores.ts"

export interface Backend {
  readonly name: string
  readonly layer: Layer.Layer<EventStore | StoreProbe>
  /** Why this backend cannot run here, if it cannot. */
  readonly skip: string | undefined
}

const serverUp = await serverAvailable()

/**
 * The three Layers every conformance suite runs against: in memory, Postgres on a fresh database
 * of the `DATABASE_URL` server, and Postgres on a fresh database of the embedded server.
 */
export const backends: ReadonlyArray<Backend> = [
  { name: "memory", layer: memoryStore, skip: undefined },
  {
    name: "postgres (DATABASE_URL)",
    layer: pgStore("server"),
    skip: serverUp ? undefined : "the DATABASE_URL server does not answer"
  },
  { name: "postgres (embedded)", layer: pgStore("embedded"), skip: undefined }
]

/** The two real Postgres servers, for suites that need SQL access. */
export const postgresKinds: ReadonlyArray<{ readonly kind: "server" | "embedded"; readonly skip: boolean }> =
  [
    { kind: "server", skip: !serverUp },
    { kind: "embedded", skip: false }
  ]
