import type { Json } from "../../json/Json.ts"
import { startBudget } from "./budget.ts"
import type { Code, Variables } from "./compileFast.ts"
import { Unsure } from "./unsure.ts"
import { resultJson } from "./values.ts"

/**
 * Runs a fast-path program: the result as JSON, exactly as the library would return it, or
 * undefined where the fast path is unsure (then the library evaluates).
 */
export const evaluateFast = (code: Code, variables: Variables): Json | undefined => {
  startBudget()
  try {
    return resultJson(code(variables))
  } catch (error) {
    if (error === Unsure.signal || error instanceof RangeError) return undefined
    throw error
  }
}
