import type { Either } from "effect"
import type { CompiledExpression } from "../../expressions/compile.ts"
import type { CompiledTemplate } from "../../expressions/template.ts"
import type { JsonObject } from "../../json/Json.ts"
import type { CompiledJsonSchema } from "../jsonSchema/validateJson.ts"
import type { CompiledRetry } from "./CompiledDefinition.ts"

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
