import type { JsonObject } from "../../json/Json.ts"
import type { Limits, Sla, WorkflowDefinition } from "../format/Definition.ts"
import type {
  ActionStep,
  Catch,
  ChoiceStep,
  FailStep,
  HumanStep,
  MapStep,
  ParallelStep,
  SubflowStep,
  SucceedStep,
  WaitStep
} from "../format/Step.ts"
import type { EventTrigger, ScheduleTrigger } from "../format/Trigger.ts"
import type { FullRetryPolicy } from "./retry.ts"

/**
 * The normalized form of a definition, as published: every field with a default is present,
 * so nothing downstream applies defaults (DESIGN §2). Fields whose absence means something
 * (`next`, `otherwise`, `timeout`, `output`, a subflow's `version`, a human step's `due`,
 * `weight`, `outcomes`) stay optional.
 */
type Full<T, K extends keyof T> = Omit<T, K> & { readonly [P in K]-?: Exclude<T[P], undefined> }

export type NormalizedActionStep = Full<typeof ActionStep.Type, "with" | "catch"> & {
  readonly retry: FullRetryPolicy
}
export type NormalizedHumanStep = Full<typeof HumanStep.Type, "remind">
export type NormalizedSubflowStep = Full<typeof SubflowStep.Type, "input" | "catch">

export interface NormalizedGraph {
  readonly start: string
  readonly steps: { readonly [name: string]: NormalizedStep }
}
export interface NormalizedBranch extends NormalizedGraph {
  readonly name?: string
}
export interface NormalizedParallelStep extends Omit<ParallelStep, "branches" | "join" | "catch"> {
  readonly branches: readonly [NormalizedBranch, ...Array<NormalizedBranch>]
  readonly join: "all" | "any" | number
  readonly catch: ReadonlyArray<Catch>
}
export interface NormalizedMapStep extends Omit<MapStep, "do" | "concurrency" | "catch"> {
  readonly do: NormalizedGraph
  readonly concurrency: number
  readonly catch: ReadonlyArray<Catch>
}

export type NormalizedStep =
  | NormalizedActionStep
  | typeof ChoiceStep.Type
  | typeof WaitStep.Type
  | NormalizedHumanStep
  | NormalizedParallelStep
  | NormalizedMapStep
  | NormalizedSubflowStep
  | typeof SucceedStep.Type
  | typeof FailStep.Type

type CronSchedule = Extract<(typeof ScheduleTrigger.Type)["schedule"], { readonly cron: string }>
export type NormalizedEventTrigger = Full<typeof EventTrigger.Type, "input" | "offset" | "priority">
export type NormalizedScheduleTrigger = Full<
  typeof ScheduleTrigger.Type,
  "input" | "priority" | "schedule"
> & {
  readonly schedule: Full<CronSchedule, "timezone" | "catchUp" | "grace"> | { readonly at: string }
}
export type NormalizedTrigger = NormalizedEventTrigger | NormalizedScheduleTrigger

export interface NormalizedDefinition extends Omit<
  WorkflowDefinition,
  "input" | "context" | "retry" | "sla" | "limits" | "triggers" | "steps"
> {
  readonly input: JsonObject
  readonly context: JsonObject
  readonly retry: FullRetryPolicy
  readonly sla: Required<typeof Sla.Type>
  readonly limits: Required<typeof Limits.Type>
  readonly triggers: ReadonlyArray<NormalizedTrigger>
  readonly steps: { readonly [name: string]: NormalizedStep }
}
