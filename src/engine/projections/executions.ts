import { statusOf, waitingFor } from "../../domain/instance/state/views.ts"
import type { Json } from "../../domain/json/Json.ts"
import type { RowChange } from "../ports/RowChanges.ts"
import { upsertRow } from "../ports/RowChanges.ts"
import type { ProjectionInput } from "./ProjectionInput.ts"
import { instanceIdOf, instant, optional } from "./ProjectionInput.ts"
import { threadAt } from "../../domain/instance/state/threads.ts"

/**
 * `executions`: the narrow row of each instance, keyed (tenant_id, instance_id), written whole
 * from the state after every commit (every column, so nothing stale survives): stream_id,
 * workflow, version, content_hash, status (running, waiting, incident, completed, failed,
 * cancelled), priority, client_id, parent_instance_id, parent_token, started_at, updated_at,
 * ended_at, stream_version, context (a commit always ends at a wait or an end), output, error,
 * incident, and waiting_for (what it waits for, with event correlation keys, for routing).
 */
export const projectExecution = (input: ProjectionInput): ReadonlyArray<RowChange> => {
  const state = input.state
  if (input.events.length === 0 || state.status === "new") return []
  return [
    upsertRow(
      "executions",
      { tenant_id: input.tenant, instance_id: instanceIdOf(input.stream) },
      {
        stream_id: input.stream,
        workflow: state.workflow.name,
        version: state.workflow.version,
        content_hash: state.workflow.contentHash,
        status: statusOf(state),
        priority: state.priority,
        client_id: optional(state.clientId),
        parent_instance_id: state.parent?.instanceId ?? null,
        parent_token: state.parent?.token ?? null,
        started_at: instant(state.startedAt),
        updated_at: instant(state.updatedAt),
        ended_at: state.endedAt === undefined ? null : instant(state.endedAt),
        stream_version: state.events,
        context: threadAt(state, "")?.context ?? null,
        output: state.output === undefined ? null : state.output,
        error: (state.error ?? null) as Json,
        incident: (state.incident ?? null) as Json,
        waiting_for: waitingFor(state).map((w) =>
          "until" in w ? { ...w, until: instant(w.until) } : w
        ) as unknown as Json
      }
    )
  ]
}
