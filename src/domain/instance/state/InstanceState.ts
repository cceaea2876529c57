import type { Priority } from "../../definition/format/Definition.ts"
import type { Json, JsonObject } from "../../json/Json.ts"
import type { CompensationCause, ParentRef, WorkflowPin } from "../events/lifecycle.ts"
import type { MessageKind } from "../events/wait.ts"
import type { TimerPurpose } from "../events/timer.ts"
import type { ErrorInfo } from "../schema/ErrorInfo.ts"
import type { Position } from "./Position.ts"
import type { Instant } from "../schema/Instant.ts"
import type { Visits } from "./Visits.ts"

/**
 * The folded state of one instance. Only `evolve` builds it, by cheap immutable updates
 * (shallow copies along the changed path, never deep copies), so a cached state at version N
 * stays valid while later versions share most of it. Every field is always present (absent
 * ones are `undefined`) so states and threads keep one shape, which keeps copying them cheap.
 */
export interface InstanceState {
  readonly status: "new" | "running" | "incident" | "completed" | "failed" | "cancelled"
  readonly instanceId: string
  readonly workflow: WorkflowPin
  readonly clientId: string | undefined
  readonly startCommandId: string
  readonly parent: ParentRef | undefined
  readonly priority: Priority
  readonly input: Json
  readonly startedAt: Instant
  readonly updatedAt: Instant
  /** Events folded so far (the stream version). */
  readonly events: number
  /** Every sequential path: the root (scope ""), each running branch and map item. */
  readonly threads: ReadonlyArray<Thread>
  /** Scopes whose position needs the decider before the instance is quiescent (FIFO). */
  readonly agenda: ReadonlyArray<string>
  readonly timers: { readonly [timerId: string]: PendingTimer }
  /** Pending children by instance id: the token that waits for each. */
  readonly children: { readonly [childInstanceId: string]: string }
  readonly buffer: ReadonlyArray<BufferedMessage>
  /** Ids of accepted messages and of external commands that are not idempotent by construction. */
  readonly seen: ReadonlySet<string>
  /** Registered compensations in completion order; they run from the end. */
  readonly compensations: ReadonlyArray<Registration>
  readonly ending: Ending | undefined
  readonly onErrorTaken: boolean
  readonly incident: Incident | undefined
  readonly output: Json | undefined
  readonly error: ErrorInfo | undefined
  readonly cancelReason: string | undefined
  readonly endedAt: Instant | undefined
}

/** A sequential path: the root graph, a parallel branch or a map item. */
export interface Thread {
  readonly scope: string
  /** The graph it runs in: "" for the root, `<step>/b<i>` or `<step>/do` nested. */
  readonly graph: string
  readonly context: JsonObject
  /** Context paths this path wrote (nested paths only), sorted: what a join merges. */
  readonly written: ReadonlyArray<string> | undefined
  readonly item: Json | undefined
  readonly index: number | undefined
  /** The last caught error: the `error` binding after a `catch` or `onError`. */
  readonly error: ErrorInfo | undefined
  readonly visits: Visits
  readonly at: Position
}

export interface PendingTimer {
  readonly purpose: TimerPurpose
  readonly token?: string
  readonly dueAt: Instant
}

export interface BufferedMessage {
  readonly messageId: string
  readonly kind: MessageKind
  readonly name: string
  readonly correlation?: string
  readonly payload: Json
  readonly expiresAt: Instant
}

/** A completed step's compensation, waiting for the instance to fail or be cancelled. */
export interface Registration {
  readonly token: string
  /** The compensation step, in the graph the completed step belongs to. */
  readonly step: string
  readonly graph: string
  readonly result: Json
  readonly item?: Json
  readonly index?: number
}

/** Compensating before the terminal event. */
export interface Ending {
  readonly cause: CompensationCause
  readonly current?: CompensationRun
}

export interface CompensationRun {
  readonly registration: Registration
  readonly token: string
  readonly attempt: number
  readonly roundStart: number
  readonly running: boolean
  readonly incident?: ErrorInfo
}

export interface Incident {
  readonly token: string
  readonly step: string
  readonly error: ErrorInfo
  readonly compensation: boolean
}

export const initialState: InstanceState = {
  status: "new",
  instanceId: "",
  workflow: { name: "", version: 0, contentHash: "" },
  clientId: undefined,
  startCommandId: "",
  parent: undefined,
  priority: "medium",
  input: null,
  startedAt: 0,
  updatedAt: 0,
  events: 0,
  threads: [],
  agenda: [],
  timers: {},
  children: {},
  buffer: [],
  seen: new Set(),
  compensations: [],
  ending: undefined,
  onErrorTaken: false,
  incident: undefined,
  output: undefined,
  error: undefined,
  cancelReason: undefined,
  endedAt: undefined
}

export const isTerminal = (state: InstanceState): boolean =>
  state.status === "completed" || state.status === "failed" || state.status === "cancelled"

export type { Draft } from "./Draft.ts"
export { draftOf } from "./Draft.ts"
export type {
  ActivityPosition,
  BranchState,
  MapPosition,
  ParallelPosition,
  Position,
  TaskPosition
} from "./Position.ts"
