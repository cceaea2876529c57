import { Either } from "effect"
import type { CompiledDefinition, CompiledStep, Uses } from "../../definition/compile/CompiledDefinition.ts"
import type { Bindings } from "../../expressions/Bindings.ts"
import type { Json } from "../../json/Json.ts"
import type { InstanceEvent } from "../events/InstanceEvent.ts"
import { applyEvent } from "../evolve/evolve.ts"
import { errorInfo } from "../schema/ErrorInfo.ts"
import { stepBindings } from "./bindings.ts"
import type { Overrides } from "./bindings.ts"
import type { ErrorInfo } from "../schema/ErrorInfo.ts"
import { canonicalPayload } from "../schema/Payload.ts"
import { draftOf } from "../state/InstanceState.ts"
import type { Draft, InstanceState, Thread } from "../state/InstanceState.ts"
import { tokenIn } from "../tokens.ts"
import { lastVisit } from "../state/Visits.ts"

/**
 * One decision in progress: the events so far and the state they fold to. Every event goes
 * through `emit`, which folds it at once with the same appliers `evolve` uses, so what `decide`
 * reads next is exactly what a replay would see.
 */
export interface Session {
  readonly definition: CompiledDefinition
  readonly at: number
  readonly commandId: string
  /** The state so far: one copy of the state the decision started from, changed by each event. */
  readonly state: Draft
  readonly events: Array<InstanceEvent>
  transitions: number
}

export const session = (
  definition: CompiledDefinition,
  state: InstanceState,
  at: number,
  commandId: string
): Session => ({
  definition,
  at,
  commandId,
  state: draftOf(state),
  events: [],
  transitions: 0
})

export const emit = (s: Session, event: InstanceEvent): void => {
  s.events.push(event)
  applyEvent(s.state, event)
}

/** The compiled step a thread stands on (undefined only for a stream from another definition). */
export const stepAt = (s: Session, graph: string, name: string): CompiledStep | undefined =>
  s.definition.graphs.get(graph)?.steps.get(name)

/** The token entering `step` next in the thread's scope, or none when the path ends. */
export const nextToken = (thread: Thread, step: string | undefined): string | undefined =>
  step === undefined ? undefined : tokenIn(thread.scope, step, lastVisit(thread.visits, step) + 1)

/** The bindings of a step's expressions in a thread (only the variables the step reads). */
export const bindingsFor = (
  s: Session,
  thread: Thread | undefined,
  uses: Uses,
  overrides?: Overrides
): Bindings => stepBindings(s.definition.inputSchema, s.state, s.at, thread, uses, overrides)

/** An expression failure at run time: a step failure, never an exception. */
export const expressionFailure = (what: string, message: string): ErrorInfo =>
  errorInfo("ExpressionError", `${what}: ${message}`)

/** A rendered or evaluated value in canonical, storable form — or the step failure it causes. */
export const storable = (
  what: string,
  value: Either.Either<Json, { readonly message: string } | string>
): Either.Either<Json, ErrorInfo> => {
  if (Either.isLeft(value))
    return Either.left(
      expressionFailure(what, typeof value.left === "string" ? value.left : value.left.message)
    )
  const canonical = canonicalPayload(value.right)
  return Either.isRight(canonical)
    ? Either.right(canonical.right)
    : Either.left(expressionFailure(what, canonical.left))
}

/** Ids of the pending timers of a token (in the order they were scheduled). */
export const timersOf = (state: InstanceState, token: string): ReadonlyArray<string> => {
  const ids: Array<string> = []
  for (const id in state.timers) if (state.timers[id]?.token === token) ids.push(id)
  return ids
}

/** Cancels every pending timer of a token. */
export const cancelTimersOf = (s: Session, token: string, except?: string): void => {
  for (const timerId of timersOf(s.state, token))
    if (timerId !== except) emit(s, { _tag: "TimerCancelled", timerId, at: s.at })
}
