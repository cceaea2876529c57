import type { StreamId } from "../../domain/ids.ts"
import type { Json } from "../../domain/json/Json.ts"
import type { RowChange } from "../ports/RowChanges.ts"
import { upsertRow } from "../ports/RowChanges.ts"
import type { ProjectionInput } from "./ProjectionInput.ts"
import { instant } from "./ProjectionInput.ts"

/**
 * `outbox`: commands for other streams, keyed (tenant_id, command_id) with target_stream,
 * command (the encoded command without `at`, which the dispatcher stamps when it delivers)
 * and created_at. Command ids are deterministic, so a redelivery — or a rebuild of this table
 * from the events — is deduplicated by the receiving stream; the dispatcher deletes a row once
 * delivered.
 */
export const projectOutbox = (input: ProjectionInput): ReadonlyArray<RowChange> => {
  const changes: Array<RowChange> = []
  const send = (commandId: string, target: string, command: Json, at: number) =>
    changes.push(
      upsertRow(
        "outbox",
        { tenant_id: input.tenant, command_id: commandId },
        { target_stream: `${input.tenant}/i/${target}` as StreamId, command, created_at: instant(at) }
      )
    )
  for (const event of input.events) {
    switch (event._tag) {
      case "ChildStartRequested":
        send(
          event.commandId,
          event.childInstanceId,
          {
            _tag: "StartInstance",
            commandId: event.commandId,
            instanceId: event.childInstanceId,
            // Without a version, the latest published when the child starts.
            workflow:
              event.version === undefined
                ? { name: event.workflow }
                : { name: event.workflow, version: event.version },
            input: event.input,
            priority: event.priority,
            parent: { instanceId: input.state.instanceId, token: event.token }
          },
          event.at
        )
        break
      case "ChildCancelRequested":
        send(
          event.commandId,
          event.childInstanceId,
          {
            _tag: "CancelInstance",
            commandId: event.commandId,
            reason: "parent cancelled it",
            compensate: true
          },
          event.at
        )
        break
      case "ParentNotified":
        send(
          event.commandId,
          event.parent.instanceId,
          event.outcome === "completed"
            ? {
                _tag: "CompleteChild",
                commandId: event.commandId,
                childInstanceId: event.childInstanceId,
                output: event.output ?? null
              }
            : {
                _tag: "FailChild",
                commandId: event.commandId,
                childInstanceId: event.childInstanceId,
                error: (event.error ?? { type: "Failed", message: "the child failed" }) as unknown as Json
              },
          event.at
        )
        break
      default:
        break
    }
  }
  return changes
}
