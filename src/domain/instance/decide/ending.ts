import type { Json } from "../../json/Json.ts"
import { outboxCommandIds } from "../derivedIds.ts"
import type { ErrorInfo } from "../schema/ErrorInfo.ts"
import { cancelEverything } from "./cancel.ts"
import type { Session } from "./Session.ts"
import { emit } from "./Session.ts"

type Outcome =
  | { readonly kind: "completed"; readonly output: Json }
  | { readonly kind: "failed"; readonly error: ErrorInfo }
  | { readonly kind: "cancelled"; readonly reason?: string }

/** The terminal event, preceded by the report to a parent (an outbox row) when there is one. */
export const finish = (s: Session, outcome: Outcome): void => {
  for (const timerId of Object.keys(s.state.timers)) emit(s, { _tag: "TimerCancelled", timerId, at: s.at })
  const parent = s.state.parent
  if (parent !== undefined)
    emit(s, {
      _tag: "ParentNotified",
      parent,
      childInstanceId: s.state.instanceId,
      outcome: outcome.kind,
      ...(outcome.kind === "completed" ? { output: outcome.output } : {}),
      ...(outcome.kind === "failed" ? { error: outcome.error } : {}),
      ...(outcome.kind === "cancelled"
        ? {
            error: {
              type: "Cancelled",
              message: outcome.reason ?? "Expected the child to finish, but it was cancelled"
            }
          }
        : {}),
      commandId: outboxCommandIds.reportResult(s.state.instanceId),
      at: s.at
    })
  if (outcome.kind === "completed") emit(s, { _tag: "InstanceCompleted", output: outcome.output, at: s.at })
  else if (outcome.kind === "failed") emit(s, { _tag: "InstanceFailed", error: outcome.error, at: s.at })
  else
    emit(s, {
      _tag: "InstanceCancelled",
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
      at: s.at
    })
}

/**
 * The instance fails: all pending work is cancelled, then the registered compensations run
 * (most recent first) and `InstanceFailed` comes after the last — or at once when none are
 * registered.
 */
export const failInstance = (s: Session, error: ErrorInfo): void => {
  cancelEverything(s)
  if (s.state.compensations.length > 0)
    emit(s, { _tag: "CompensationStarted", cause: { kind: "failed", error }, at: s.at })
  else finish(s, { kind: "failed", error })
}

/** A budget is exceeded: the instance fails without `catch`, `onError` or incident. */
export const failForBudget = (s: Session, message: string): void => {
  failInstance(s, { type: "BudgetExceeded", message })
}

/** Cancels the instance, compensating first when asked and there is something to compensate. */
export const cancelInstance = (s: Session, compensate: boolean, reason: string | undefined): void => {
  cancelEverything(s)
  if (compensate && s.state.compensations.length > 0)
    emit(s, {
      _tag: "CompensationStarted",
      cause: { kind: "cancelled", ...(reason === undefined ? {} : { reason }) },
      at: s.at
    })
  else finish(s, { kind: "cancelled", ...(reason === undefined ? {} : { reason }) })
}
