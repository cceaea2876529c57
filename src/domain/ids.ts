import { Schema } from "effect"

/**
 * Identifiers shared by every layer. Stream ids embed their tenant (`<tenant>/i/<uuidv7>` for
 * instances, `<tenant>/d/<name>` for definitions), so a stream can never be read across tenants.
 */
export const TenantId = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9][a-z0-9_-]{0,62}$/, {
    message: (issue) =>
      `Expected a tenant id (lower-case letters, digits, _ or -, at most 63), but got ${JSON.stringify(issue.actual)}`
  }),
  Schema.brand("TenantId")
)
export type TenantId = typeof TenantId.Type

/** An instance id made by the engine: a UUIDv7 in its canonical lower-case form. */
export const InstanceId = Schema.String.pipe(
  Schema.pattern(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, {
    message: (issue) => `Expected an instance id (a UUIDv7), but got ${JSON.stringify(issue.actual)}`
  }),
  Schema.brand("InstanceId")
)
export type InstanceId = typeof InstanceId.Type

const streamIdPattern = /^[a-z0-9][a-z0-9_-]{0,62}\/[a-z]\/[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

/** A stream id `<tenant>/<kind>/<id>`; kind `i` is an instance, `d` a definition. */
export const StreamId = Schema.String.pipe(
  Schema.pattern(streamIdPattern, {
    message: (issue) =>
      `Expected a stream id such as acme/i/<uuid> or acme/d/<name>, but got ${JSON.stringify(issue.actual)}`
  }),
  Schema.brand("StreamId")
)
export type StreamId = typeof StreamId.Type

export const instanceStreamId = (tenant: TenantId, instance: InstanceId): StreamId =>
  `${tenant}/i/${instance}` as StreamId

export const definitionStreamId = (tenant: TenantId, workflowName: string): StreamId =>
  `${tenant}/d/${workflowName}` as StreamId

/** The tenant a stream belongs to: the part before the first `/`. */
export const tenantOf = (stream: StreamId): TenantId => stream.slice(0, stream.indexOf("/")) as TenantId

/** A command's id: derived for internal commands, `hash(tenant, route, Idempotency-Key)` for external ones. */
export const CommandId = Schema.String.pipe(
  Schema.minLength(1),
  Schema.maxLength(200),
  Schema.pattern(/^[\x21-\x7e]+$/, {
    message: (issue) =>
      `Expected a command id of printable ASCII without spaces, but got ${JSON.stringify(issue.actual)}`
  }),
  Schema.brand("CommandId")
)
export type CommandId = typeof CommandId.Type
