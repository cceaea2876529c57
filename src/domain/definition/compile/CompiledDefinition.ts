import type { JsonObject } from "../../json/Json.ts"
import type { Priority } from "../format/Definition.ts"
import type { CompiledStep } from "./CompiledStep.ts"
import type { PublishedDefinition } from "../PublishedDefinition.ts"

/**
 * A published definition compiled once for the instance decider: CEL and templates compiled,
 * durations in milliseconds, retry policies resolved per action, every graph (the root, each
 * parallel branch, each map's `do`) indexed by its key. An expression that fails to compile
 * (a published definition passed validation, so only a library change could cause it) is kept
 * as its error, and entering its step fails with `ExpressionError` instead of throwing.
 */
export interface CompiledDefinition {
  readonly published: PublishedDefinition
  readonly pin: { readonly name: string; readonly version: number; readonly contentHash: string }
  /** Types `input` in expressions (its `integer` fields are CEL ints). */
  readonly inputSchema?: JsonObject
  readonly context: JsonObject
  readonly timeoutMs?: number
  readonly sla: Partial<Record<Priority, number>>
  readonly onError?: string
  /** The workflow's policy: what non-action failures follow (`onExhausted`). */
  readonly retry: CompiledRetry
  readonly limits: CompiledLimits
  readonly graphs: ReadonlyMap<string, CompiledGraph>
}

export interface CompiledLimits {
  readonly maxTransitions: number
  readonly maxEvents: number
  readonly maxContextBytes: number
  readonly maxMapItems: number
  readonly maxBufferedMessages: number
  readonly bufferTtlMs: number
}

export interface CompiledRetry {
  readonly maxAttempts: number
  readonly initialMs: number
  readonly coefficient: number
  readonly maxMs: number
  readonly jitter: number
  readonly nonRetryable: ReadonlySet<string>
  readonly onExhausted: "fail" | "incident"
}

export interface CompiledGraph {
  readonly key: string
  readonly start: string
  readonly steps: ReadonlyMap<string, CompiledStep>
}

export type {
  ActionStep,
  ChoiceStep,
  Code,
  CompiledCatch,
  CompiledStep,
  Expr,
  FailStep,
  HumanStep,
  MapStep,
  ParallelStep,
  SubflowStep,
  SucceedStep,
  Tmpl,
  Uses,
  WaitStep
} from "./CompiledStep.ts"
