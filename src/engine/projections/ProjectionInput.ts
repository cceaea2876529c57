import type { StreamId, TenantId } from "../../domain/ids.ts"
import type { InstanceEvent } from "../../domain/instance/events/InstanceEvent.ts"
import type { InstanceState } from "../../domain/instance/state/InstanceState.ts"
import { formatInstant } from "../../domain/instance/schema/Instant.ts"
import type { Json } from "../../domain/json/Json.ts"

/**
 * What the inline projectors see of one commit of one instance: the events it appends and the
 * state they fold to. Projectors read nothing else, so the engine runs them before the commit
 * and a rebuild runs them over a whole stream at once — with the same rows as a result.
 */
export interface ProjectionInput {
  readonly tenant: TenantId
  readonly stream: StreamId
  readonly events: ReadonlyArray<InstanceEvent>
  /** The state after `events`. */
  readonly state: InstanceState
}

/** An instant as a row value (RFC 3339 text, as in events). */
export const instant = (ms: number): string => formatInstant(ms)

export const optional = <A extends Json>(value: A | undefined): A | null =>
  value === undefined ? null : value

/** The instance id of an instance stream (`<tenant>/i/<id>`). */
export const instanceIdOf = (stream: StreamId): string => stream.slice(stream.lastIndexOf("/") + 1)
