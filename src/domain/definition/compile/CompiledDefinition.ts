import type { Either } from "effect"
import type { CompiledExpression } from "../../expressions/compile.ts"
import type { CompiledTemplate } from "../../expressions/template.ts"
import type { JsonObject } from "../../json/Json.ts"
import type { Priority } from "../format/Definition.ts"
import type { CompiledJsonSchema } from "../jsonSchema/validateJson.ts"

/**
 * A published definition compiled once for the instance decider: CEL and templates compiled,
 * durations in milliseconds, retry policies resolved per action, every graph (the root, each
 * parallel branch, each map's `do`) indexed by its key. An expression that fails to compile
 * (a published definition passed validation, so only a library change could cause it) is kept
 * as its error, and entering its step fails with `ExpressionError` instead of throwing.
 */
export interface CompiledDefinition {
  readonly pin: { readonly name: string; readonly version: number; readonly contentHash: string }
  readonly inputSchema?: JsonObject
  readonly input?: CompiledJsonSchema
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

/** A compiled expression or template, or why it did not compile. */
export type Code<A> = Either.Either<A, string>
export type Expr = Code<CompiledExpression>
export type Tmpl = Code<CompiledTemplate>

export interface CompiledCatch {
  readonly errors?: ReadonlySet<string>
  readonly when?: Expr
  readonly into?: string
  readonly next: string
}

/** The variables a step's expressions read: only these are bound when it is entered. */
export interface Uses {
  readonly names: ReadonlySet<string>
  /** The names sorted and joined: a key for caching bindings. */
  readonly key: string
}

interface StepBase {
  readonly name: string
  readonly graph: string
  readonly uses: Uses
}

export interface ActionStep extends StepBase {
  readonly kind: "action"
  /** `set`, `log` and `noop` without a queue run inside the decision. */
  readonly builtin?: "set" | "log" | "noop"
  readonly action: string
  readonly queue?: string
  readonly with?: Tmpl
  readonly output?: string
  readonly retry: CompiledRetry
  readonly timeoutMs?: number
  readonly heartbeatMs?: number
  readonly catch: ReadonlyArray<CompiledCatch>
  readonly compensate?: string
  readonly next?: string
}

export interface ChoiceStep extends StepBase {
  readonly kind: "choice"
  readonly choices: ReadonlyArray<{ readonly when: Expr; readonly next: string }>
  readonly otherwise?: string
}

export interface WaitStep extends StepBase {
  readonly kind: "wait"
  readonly mode:
    | { readonly kind: "signal"; readonly name: string }
    | { readonly kind: "event"; readonly type: string; readonly correlate?: Expr }
    | { readonly kind: "for"; readonly ms: number }
    | { readonly kind: "until"; readonly until: Tmpl }
  readonly timeoutMs?: number
  readonly onTimeout?: string
  readonly into?: string
  readonly next?: string
}

export interface HumanStep extends StepBase {
  readonly kind: "human"
  readonly title?: Tmpl
  readonly role: string
  readonly assignee?: Expr
  readonly form?: JsonObject
  readonly formSchema?: CompiledJsonSchema
  readonly dueMs?: number
  readonly weight?: number
  readonly remindMs: ReadonlyArray<number>
  readonly escalate?: { readonly to: string; readonly afterMs?: number }
  readonly outcomes?: Readonly<Record<string, string>>
  readonly into?: string
  readonly next?: string
}

export interface ParallelStep extends StepBase {
  readonly kind: "parallel"
  readonly branches: ReadonlyArray<{ readonly graph: string; readonly start: string }>
  readonly join: "all" | "any" | number
  readonly catch: ReadonlyArray<CompiledCatch>
  readonly next?: string
}

export interface MapStep extends StepBase {
  readonly kind: "map"
  readonly items: Expr
  readonly concurrency?: number
  readonly do: { readonly graph: string; readonly start: string }
  readonly output?: string
  readonly catch: ReadonlyArray<CompiledCatch>
  readonly next?: string
}

export interface SubflowStep extends StepBase {
  readonly kind: "subflow"
  readonly workflow: string
  readonly version?: number
  readonly input?: Tmpl
  readonly output?: string
  readonly timeoutMs?: number
  readonly catch: ReadonlyArray<CompiledCatch>
  readonly next?: string
}

export interface SucceedStep extends StepBase {
  readonly kind: "succeed"
  readonly output?: Tmpl
}

export interface FailStep extends StepBase {
  readonly kind: "fail"
  readonly error: { readonly type: string; readonly message?: Tmpl; readonly details?: Tmpl }
}

export type CompiledStep =
  | ActionStep
  | ChoiceStep
  | WaitStep
  | HumanStep
  | ParallelStep
  | MapStep
  | SubflowStep
  | SucceedStep
  | FailStep
