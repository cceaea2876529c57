import type { Json } from "../../../src/domain/json/Json.ts"
import type { CommandId, InstanceId } from "../../../src/domain/ids.ts"
import type {
  CommandOf,
  InstanceCommand,
  Person
} from "../../../src/domain/instance/commands/InstanceCommand.ts"
import type { ErrorInfo } from "../../../src/domain/instance/schema/ErrorInfo.ts"
import { at, instanceId } from "./definitions.ts"

/**
 * Command builders for specs and properties: `seconds` is the command's `at` after t0; command
 * ids are derived from the command's content unless given, so a rebuilt command is a redelivery.
 */
const envelope = (id: string, seconds: number) => ({ commandId: id as CommandId, at: at(seconds) })

export const start = (
  input: Json,
  options: {
    seconds?: number
    workflow?: string
    version?: number
    priority?: CommandOf<"StartInstance">["priority"]
    clientId?: string
    commandId?: string
    parent?: { instanceId: string; token: string }
  } = {}
): InstanceCommand => ({
  _tag: "StartInstance",
  ...envelope(options.commandId ?? "start", options.seconds ?? 0),
  instanceId: instanceId as InstanceId,
  workflow: { name: options.workflow ?? "spec", version: options.version ?? 1 },
  input,
  ...(options.priority === undefined ? {} : { priority: options.priority }),
  ...(options.clientId === undefined ? {} : { clientId: options.clientId }),
  ...(options.parent === undefined ? {} : { parent: options.parent })
})

export const complete = (
  activityId: string,
  attempt: number,
  result: Json,
  seconds = 1
): InstanceCommand => ({
  _tag: "CompleteActivity",
  ...envelope(`complete:${activityId}:${attempt}`, seconds),
  activityId,
  attempt,
  result
})

export const fail = (
  activityId: string,
  attempt: number,
  error: ErrorInfo,
  seconds = 1,
  nonRetryable?: boolean
): InstanceCommand => ({
  _tag: "FailActivity",
  ...envelope(`fail:${activityId}:${attempt}`, seconds),
  activityId,
  attempt,
  error,
  ...(nonRetryable === undefined ? {} : { nonRetryable })
})

export const lostHeartbeat = (activityId: string, attempt: number, seconds = 1): InstanceCommand => ({
  _tag: "TimeOutActivity",
  ...envelope(`heartbeat:${activityId}:${attempt}`, seconds),
  activityId,
  attempt
})

export const fire = (timerId: string, seconds: number): InstanceCommand => ({
  _tag: "FireTimer",
  ...envelope(`timer:${timerId}`, seconds),
  timerId
})

export const signal = (
  name: string,
  payload: Json,
  seconds = 1,
  commandId = `signal:${name}:${seconds}`
): InstanceCommand => ({
  _tag: "SendSignal",
  ...envelope(commandId, seconds),
  name,
  payload
})

export const event = (
  type: string,
  correlation: string | undefined,
  data: Json,
  seconds = 1,
  eventId = `e${seconds}`
): InstanceCommand => ({
  _tag: "DeliverEvent",
  ...envelope(`event:${eventId}`, seconds),
  eventId,
  source: "carrier",
  type,
  ...(correlation === undefined ? {} : { correlation }),
  data
})

export const person = (subject: string, ...groups: Array<string>): Person => ({ subject, groups })

export const claim = (taskId: string, user: Person, seconds = 1): InstanceCommand => ({
  _tag: "ClaimTask",
  ...envelope(`claim:${taskId}:${user.subject}:${seconds}`, seconds),
  taskId,
  user
})

export const release = (taskId: string, user: Person, seconds = 1): InstanceCommand => ({
  _tag: "ReleaseTask",
  ...envelope(`release:${taskId}:${user.subject}:${seconds}`, seconds),
  taskId,
  user
})

export const completeTask = (
  taskId: string,
  user: Person,
  data: Json,
  outcome?: string,
  seconds = 1
): InstanceCommand => ({
  _tag: "CompleteTask",
  ...envelope(`task:${taskId}:${user.subject}:${seconds}`, seconds),
  taskId,
  user,
  data,
  ...(outcome === undefined ? {} : { outcome })
})

export const escalate = (taskId: string, to?: string, seconds = 1): InstanceCommand => ({
  _tag: "EscalateTask",
  ...envelope(`escalate:${taskId}:${seconds}`, seconds),
  taskId,
  ...(to === undefined ? {} : { to })
})

export const childCompleted = (childInstanceId: string, output: Json, seconds = 1): InstanceCommand => ({
  _tag: "CompleteChild",
  ...envelope(`child:${childInstanceId}`, seconds),
  childInstanceId,
  output
})

export const childFailed = (childInstanceId: string, error: ErrorInfo, seconds = 1): InstanceCommand => ({
  _tag: "FailChild",
  ...envelope(`child:${childInstanceId}`, seconds),
  childInstanceId,
  error
})

export const cancel = (
  options: { compensate?: boolean; reason?: string; seconds?: number } = {}
): InstanceCommand => ({
  _tag: "CancelInstance",
  ...envelope(`cancel:${options.seconds ?? 1}`, options.seconds ?? 1),
  ...(options.compensate === undefined ? {} : { compensate: options.compensate }),
  ...(options.reason === undefined ? {} : { reason: options.reason })
})

export const retryIncident = (seconds = 1): InstanceCommand => ({
  _tag: "RetryIncident",
  ...envelope(`retry:${seconds}`, seconds)
})

export const error = (type: string, message = `${type} happened`): ErrorInfo => ({ type, message })
