import { isTerminal } from "../state/InstanceState.ts"
import type { InstanceState, Thread } from "../state/InstanceState.ts"
import { continueCompensation } from "./compensation.ts"
import { contextBytes } from "./contextBytes.ts"
import { cancelEverything } from "./cancel.ts"
import { failForBudget, finish } from "./ending.ts"
import { enterStep } from "./enter.ts"
import { resolveFailure } from "./failure.ts"
import type { Session } from "./Session.ts"
import { endPath } from "./steps/end.ts"
import { threadAt, threadOf } from "../state/threads.ts"
import { scopeOf } from "../tokens.ts"

/**
 * Quiescence: advances every path through whatever needs nothing from outside — entering steps,
 * resolving failures, ending paths, joins, the next compensation — until each waits on
 * something external or the instance ends. Entering a step counts against the decision's
 * transition budget; exceeding it, the context size or the event budget fails the instance.
 */
export const settle = (s: Session, before: InstanceState): void => {
  const limits = s.definition.limits
  for (;;) {
    if (isTerminal(s.state)) return
    if (s.state.events >= limits.maxEvents && s.state.ending === undefined) {
      cancelEverything(s)
      finish(s, {
        kind: "failed",
        error: {
          type: "BudgetExceeded",
          message: `Expected at most ${limits.maxEvents} events (limits.maxEvents), but the instance reached ${s.state.events}`
        }
      })
      return
    }
    const scope = s.state.agenda[0]
    if (scope !== undefined) {
      const thread = threadAt(s.state, scope)
      const at = thread?.at
      if (thread === undefined || at === undefined) return
      if (at.kind === "ready") {
        if (++s.transitions > limits.maxTransitions) {
          failForBudget(
            s,
            `Expected at most ${limits.maxTransitions} transitions in one decision (limits.maxTransitions), but ${at.token} would be one more`
          )
          continue
        }
        enterStep(s, thread, at)
      } else if (at.kind === "failed") resolveFailure(s, thread, at)
      else if (at.kind === "end") endPath(s, thread, undefined)
      else return
      continue
    }
    if (
      s.state.ending !== undefined &&
      s.state.ending.current === undefined &&
      s.state.status !== "incident"
    ) {
      const events = s.events.length
      continueCompensation(s)
      if (s.events.length > events) continue
      return
    }
    if (s.state.ending === undefined && oversized(s, before)) continue
    return
  }
}

/** Checks the contexts this decision changed against `limits.maxContextBytes`; fails the instance if one is over. */
const oversized = (s: Session, before: InstanceState): boolean => {
  const limit = s.definition.limits.maxContextBytes
  const threads = s.state.threads
  for (let i = 0; i < threads.length; i++) {
    const thread = threads[i] as Thread
    const scope = thread.scope
    const context = thread.context
    // Threads keep their places in the list, so the one before is usually at the same index.
    const aligned = before.threads[i]
    const previous = (aligned !== undefined && aligned.scope === scope ? aligned : threadAt(before, scope))
      ?.context
    if (context === undefined || context === previous) continue
    // A thread new in this decision is measured against the context it started from.
    const origin =
      previous ?? (scope === "" ? s.definition.context : threadOf(s.state, scopeOf(scope))?.context)
    const bytes = contextBytes(context, origin)
    if (bytes > limit) {
      failForBudget(
        s,
        `Expected a context of at most ${limit} bytes (limits.maxContextBytes), but ${scope === "" ? "the context" : `the context of ${scope}`} has ${bytes}`
      )
      return true
    }
  }
  return false
}
