import type { Uses } from "../../definition/compile/CompiledDefinition.ts"
import { bindings } from "../../expressions/Bindings.ts"
import type { Bindings, BindingValue } from "../../expressions/Bindings.ts"
import type { Json, JsonObject } from "../../json/Json.ts"
import { errorJson } from "../schema/ErrorInfo.ts"
import type { ErrorInfo } from "../schema/ErrorInfo.ts"
import type { InstanceState, Thread } from "../state/InstanceState.ts"
import { threadAt } from "../state/threads.ts"

/** Values that replace a thread's own for one evaluation: the failure in `catch.when`, a compensation's. */
export interface Overrides {
  readonly error?: ErrorInfo
  readonly result?: Json
  readonly item?: Json
  readonly index?: number
}

/**
 * The bindings of a step's expressions, holding only the variables the step reads (docs/
 * expressions.md: `input`, `context`, `error`, `item`, `index`, `now`, `instance`, `result`).
 * Cheap to make: bindings keep the JSON as it is (the CEL fast path reads it directly) and
 * convert it for the library only when an expression needs the library.
 */
export const stepBindings = (
  inputSchema: JsonObject | undefined,
  state: InstanceState,
  at: number,
  thread: Thread | undefined,
  uses: Uses,
  overrides: Overrides = {}
): Bindings => {
  const context = thread?.context ?? threadAt(state, "")?.context ?? {}
  const error = overrides.error ?? thread?.error
  const item = overrides.item ?? thread?.item
  const index = overrides.index ?? thread?.index
  const variables: Record<string, BindingValue> = {}
  for (const name of uses.names) {
    const value = valueOf(name, inputSchema, state, at, context, error, item, index, overrides.result)
    if (value !== undefined) variables[name] = value
  }
  return bindings(variables)
}

const valueOf = (
  name: string,
  inputSchema: JsonObject | undefined,
  state: InstanceState,
  at: number,
  context: JsonObject,
  error: ErrorInfo | undefined,
  item: Json | undefined,
  index: number | undefined,
  result: Json | undefined
): BindingValue | undefined => {
  switch (name) {
    case "input":
      return inputSchema === undefined ? { json: state.input } : { json: state.input, schema: inputSchema }
    case "context":
      return { json: context }
    case "error":
      return { json: error === undefined ? null : errorJson(error) }
    case "item":
      return item === undefined ? undefined : { json: item }
    case "index":
      return index === undefined ? undefined : { json: index, schema: { type: "integer" } }
    case "now":
      return { timestamp: at }
    case "instance":
      return {
        json: {
          id: state.instanceId,
          priority: state.priority,
          version: state.workflow.version,
          workflow: state.workflow.name
        }
      }
    case "result":
      return result === undefined ? undefined : { json: result }
    default:
      return undefined
  }
}
