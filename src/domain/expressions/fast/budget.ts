import { expressionLimits } from "../limits.ts"
import { unsure } from "./unsure.ts"

/**
 * The fast path's count of the cost meter (meter.ts, callCost.ts) for the calls it makes: each
 * operator or function the library would run through its function registry costs one step plus
 * one per 1,024 characters of string arguments plus one per 64 elements it walks; string
 * concatenation is held to the size limits. Where the library's meter would stop the
 * evaluation, the fast path is unsure and the library runs it, so the budget error is the
 * library's own. One evaluation at a time (evaluation is synchronous and never re-entrant).
 */
let steps = 0
let allocation = 0

export const startBudget = (): void => {
  steps = 0
  allocation = 0
}

const textOf = (value: unknown): number => (typeof value === "string" ? value.length : 0)

/** Charges a registry call with up to two string-or-other arguments and `elements` walked. */
export const chargeCall = (first: unknown, second: unknown, elements: number): void => {
  steps += 1 + Math.floor((textOf(first) + textOf(second)) / 1024 + elements / 64)
  if (steps > expressionLimits.maxSteps) unsure()
}

/** Accounts for a produced string of `length` characters (concatenation). */
export const allocateString = (length: number): void => {
  allocation += length
  if (length > expressionLimits.maxStringLength || allocation > expressionLimits.maxAllocation) unsure()
}
