import { Schema } from "effect"
import { optional } from "./optional.ts"
import { Json, JsonObject } from "../../json/Json.ts"
import { Duration } from "./Duration.ts"
import { ContextPath, Expression, Label, StepName, Template, WorkflowName } from "./Names.ts"
import { RetryPolicy } from "./RetryPolicy.ts"

/**
 * The step kinds of DESIGN §3. Every target (`next`, `choices`, `otherwise`, `catch`,
 * `onTimeout`, `outcomes`, `compensate`) names a step of the same graph: a parallel branch and
 * a map's `do` are graphs of their own, with their own `start` and `steps`.
 */
const description = optional(Schema.String.pipe(Schema.maxLength(4000)))
const next = optional(StepName)

/** Routes an error to a step: by error type (`errors`), by a CEL condition on `error`, or both. */
export const Catch = Schema.Struct({
  errors: optional(Schema.Array(Label)),
  when: optional(Expression),
  into: optional(ContextPath),
  next: StepName
}).annotations({ identifier: "Catch" })
export type Catch = typeof Catch.Type

const catchers = optional(Schema.Array(Catch))

export const ActionStep = Schema.Struct({
  type: Schema.Literal("action"),
  description,
  /** A built-in (`http`, `set`, `log`, `noop`), a registered handler, or a worker task name. */
  action: Label,
  /** The queue external workers poll; without it the action runs in-process where a handler exists. */
  queue: optional(Label),
  with: optional(Json),
  output: optional(ContextPath),
  retry: optional(RetryPolicy),
  /** The limit on one attempt, from start to completion. */
  timeout: optional(Duration),
  /** The longest silence between a worker's heartbeats before the attempt times out. */
  heartbeat: optional(Duration),
  catch: catchers,
  compensate: optional(StepName),
  next
}).annotations({ identifier: "ActionStep" })

export const ChoiceStep = Schema.Struct({
  type: Schema.Literal("choice"),
  description,
  choices: Schema.NonEmptyArray(Schema.Struct({ when: Expression, next: StepName })),
  otherwise: optional(StepName)
}).annotations({ identifier: "ChoiceStep" })

/** Exactly one of `signal`, `event` (with `correlate`), `for` or `until`; validation checks it. */
export const WaitStep = Schema.Struct({
  type: Schema.Literal("wait"),
  description,
  signal: optional(Label),
  event: optional(Label),
  correlate: optional(Expression),
  for: optional(Duration),
  /** A template yielding an RFC 3339 instant. */
  until: optional(Template),
  timeout: optional(Duration),
  onTimeout: optional(StepName),
  into: optional(ContextPath),
  next
}).annotations({ identifier: "WaitStep" })

export const HumanStep = Schema.Struct({
  type: Schema.Literal("human"),
  description,
  title: optional(Template),
  role: Label,
  /** A CEL expression naming the person to assign (a string), or null to leave it to the role. */
  assignee: optional(Expression),
  form: optional(JsonObject),
  /** A fixed time to complete; otherwise `weight` × the SLA of the instance's priority. */
  due: optional(Duration),
  weight: optional(Schema.Number.pipe(Schema.greaterThan(0), Schema.lessThanOrEqualTo(1))),
  /** Reminders, each measured from the task's creation. */
  remind: optional(Schema.Array(Duration)),
  /** Reassigns the task to another role when it is overdue (or `after` its creation). */
  escalate: optional(Schema.Struct({ to: Label, after: optional(Duration) })),
  /** Named outcomes and where each leads; without them, completion follows `next`. */
  outcomes: optional(Schema.Record({ key: Label, value: StepName })),
  into: optional(ContextPath),
  next
}).annotations({ identifier: "HumanStep" })

export const Join = Schema.Union(
  Schema.Literal("all", "any"),
  Schema.Int.pipe(Schema.positive())
).annotations({
  identifier: "Join"
})

export const SubflowStep = Schema.Struct({
  type: Schema.Literal("subflow"),
  description,
  workflow: WorkflowName,
  /** A published version; without it, the latest published when the child starts. */
  version: optional(Schema.Int.pipe(Schema.positive())),
  input: optional(Json),
  output: optional(ContextPath),
  timeout: optional(Duration),
  catch: catchers,
  next
}).annotations({ identifier: "SubflowStep" })

export const SucceedStep = Schema.Struct({
  type: Schema.Literal("succeed"),
  description,
  output: optional(Json)
}).annotations({ identifier: "SucceedStep" })

export const FailStep = Schema.Struct({
  type: Schema.Literal("fail"),
  description,
  error: Schema.Struct({ type: Label, message: optional(Template), details: optional(Json) })
}).annotations({ identifier: "FailStep" })

/** A graph: the start step and the steps keyed by name. */
export interface Graph {
  readonly start: string
  readonly steps: { readonly [name: string]: Step }
}
export interface GraphEncoded {
  readonly start: string
  readonly steps: { readonly [name: string]: StepEncoded }
}

export interface ParallelStep {
  readonly type: "parallel"
  readonly description?: string
  readonly branches: readonly [Branch, ...Array<Branch>]
  readonly join?: "all" | "any" | number
  readonly catch?: ReadonlyArray<Catch>
  readonly next?: string
}
export interface Branch extends Graph {
  readonly name?: string
}
interface BranchEncoded extends GraphEncoded {
  readonly name?: string
}
interface ParallelStepEncoded extends Omit<ParallelStep, "branches"> {
  readonly branches: readonly [BranchEncoded, ...Array<BranchEncoded>]
}

export interface MapStep {
  readonly type: "map"
  readonly description?: string
  /** A CEL expression yielding the list to map over; each item sees `item` and `index`. */
  readonly items: string
  readonly concurrency?: number
  readonly do: Graph
  /** Where the list of item results goes, in item order. */
  readonly output?: string
  readonly catch?: ReadonlyArray<Catch>
  readonly next?: string
}
interface MapStepEncoded extends Omit<MapStep, "do"> {
  readonly do: GraphEncoded
}

type Simple =
  | typeof ActionStep.Type
  | typeof ChoiceStep.Type
  | typeof WaitStep.Type
  | typeof HumanStep.Type
  | typeof SubflowStep.Type
  | typeof SucceedStep.Type
  | typeof FailStep.Type
type SimpleEncoded =
  | typeof ActionStep.Encoded
  | typeof ChoiceStep.Encoded
  | typeof WaitStep.Encoded
  | typeof HumanStep.Encoded
  | typeof SubflowStep.Encoded
  | typeof SucceedStep.Encoded
  | typeof FailStep.Encoded
export type Step = Simple | ParallelStep | MapStep
export type StepEncoded = SimpleEncoded | ParallelStepEncoded | MapStepEncoded
export type StepType = Step["type"]

export const Graph: Schema.Schema<Graph, GraphEncoded> = Schema.Struct({
  start: StepName,
  steps: Schema.Record({ key: StepName, value: Schema.suspend((): Schema.Schema<Step, StepEncoded> => Step) })
}).annotations({ identifier: "Graph" })

export const Branch: Schema.Schema<Branch, BranchEncoded> = Schema.Struct({
  name: optional(Label),
  start: StepName,
  steps: Schema.Record({ key: StepName, value: Schema.suspend((): Schema.Schema<Step, StepEncoded> => Step) })
}).annotations({ identifier: "Branch" })

export const ParallelStep: Schema.Schema<ParallelStep, ParallelStepEncoded> = Schema.Struct({
  type: Schema.Literal("parallel"),
  description,
  branches: Schema.NonEmptyArray(Branch),
  join: optional(Join),
  catch: catchers,
  next
}).annotations({ identifier: "ParallelStep" })

export const MapStep: Schema.Schema<MapStep, MapStepEncoded> = Schema.Struct({
  type: Schema.Literal("map"),
  description,
  items: Expression,
  concurrency: optional(Schema.Int.pipe(Schema.between(1, 1000))),
  do: Graph,
  output: optional(ContextPath),
  catch: catchers,
  next
}).annotations({ identifier: "MapStep" })

export const Step: Schema.Schema<Step, StepEncoded> = Schema.Union(
  ActionStep,
  ChoiceStep,
  WaitStep,
  HumanStep,
  ParallelStep,
  MapStep,
  SubflowStep,
  SucceedStep,
  FailStep
).annotations({ identifier: "Step" })

export const stepTypes: ReadonlyArray<StepType> = [
  "action",
  "choice",
  "wait",
  "human",
  "parallel",
  "map",
  "subflow",
  "succeed",
  "fail"
]
