import { expressionLimits } from "./limits.ts"

/**
 * The budget of the evaluation in progress. CEL functions are registered once per environment,
 * so they reach the running evaluation's budget through this module; evaluation is synchronous
 * and never re-entrant, so one slot suffices and `metered` restores it even when a run throws.
 */
export interface Overrun {
  readonly kind: "cost" | "limit"
  readonly message: string
}

interface Budget {
  steps: number
  allocation: number
  overrun: Overrun | undefined
}

let current: Budget | undefined

/** Thrown inside CEL functions; the library turns it into a CEL error, the budget remembers why. */
class BudgetExceeded extends Error {}

const exceed = (budget: Budget, overrun: Overrun): never => {
  budget.overrun ??= overrun
  throw new BudgetExceeded(budget.overrun.message)
}

/** Runs one evaluation under a fresh budget; reports the first overrun, if any. */
export const metered = <A>(run: () => A): { readonly result: A; readonly overrun: Overrun | undefined } => {
  const previous = current
  const budget: Budget = { steps: 0, allocation: 0, overrun: undefined }
  current = budget
  try {
    const result = run()
    return { result, overrun: budget.overrun }
  } finally {
    current = previous
  }
}

/** One call or comprehension iteration; `weight` for calls that scan long text. Once over budget, every further step fails too. */
export const step = (weight = 1): void => {
  const budget = current
  if (budget === undefined) return
  budget.steps += weight
  if (budget.steps > expressionLimits.maxSteps || budget.overrun !== undefined)
    exceed(budget, {
      kind: "cost",
      message: `Expected an evaluation within ${expressionLimits.maxSteps} steps (calls, comprehension iterations, scanned text), but it took more`
    })
}

export type Produced = "string" | "bytes" | "list" | "map"

const maxSize = (what: Produced): number =>
  what === "string" || what === "bytes"
    ? expressionLimits.maxStringLength
    : expressionLimits.maxCollectionSize

const unit = (what: Produced): string =>
  what === "string" ? "characters" : what === "bytes" ? "bytes" : "elements"

/** Refuses a value beyond the size limit — before a call produces it, where the caller can tell. */
export const ensureSize = (what: Produced, size: number): void => {
  const budget = current
  if (budget === undefined || size <= maxSize(what)) return
  exceed(budget, {
    kind: "limit",
    message: `Expected a ${what} of at most ${maxSize(what)} ${unit(what)}, but the expression would produce ${size}`
  })
}

/** Accounts for a produced string, bytes value, list or map of `size` elements, `added` of them new. */
export const allocate = (what: Produced, size: number, added = size): void => {
  const budget = current
  if (budget === undefined) return
  ensureSize(what, size)
  budget.allocation += added
  if (budget.allocation > expressionLimits.maxAllocation)
    exceed(budget, {
      kind: "cost",
      message: `Expected an evaluation to produce at most ${expressionLimits.maxAllocation} characters and elements in all, but it produced more`
    })
}
