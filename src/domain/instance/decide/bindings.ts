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

interface Entry {
  readonly refs: ReadonlyArray<unknown>
  readonly bindings: Bindings
}

/**
 * The bindings of a step's expressions, holding only the variables the step reads (docs/
 * expressions.md: `input`, `context`, `error`, `item`, `index`, `now`, `instance`, `result`).
 * Building them converts JSON to CEL values, so bindings are kept — per set of variables and
 * per the object the first is bound to (held weakly) — and reused while the values they were
 * built from are the same objects: an instance's input, say, for every step that reads only
 * `input`. Reuse is invisible: bindings are immutable and convert deterministically.
 */
export class BindingCache {
  /** Per set of variables: the entry last built for each first value that is an object (an input, a context). */
  readonly #byFirst = new Map<string, WeakMap<object, Entry>>()
  /** Per set of variables whose first value is not an object: the last entry. */
  readonly #last = new Map<string, Entry>()

  /** `inputSchema` types `input`: its `integer` fields are CEL ints. */
  constructor(readonly inputSchema: JsonObject | undefined) {}

  for(
    state: InstanceState,
    at: number,
    thread: Thread | undefined,
    uses: Uses,
    overrides: Overrides = {}
  ): Bindings {
    const context = thread?.context ?? threadAt(state, "")?.context ?? {}
    const error = overrides.error ?? thread?.error
    const item = overrides.item ?? thread?.item
    const index = overrides.index ?? thread?.index
    const refs: Array<unknown> = []
    for (const name of uses.names)
      refs.push(refOf(name, state, at, context, error, item, index, overrides.result))
    const first = refs[0]
    const keyed = typeof first === "object" && first !== null
    let byFirst = keyed ? this.#byFirst.get(uses.key) : undefined
    const last = keyed ? byFirst?.get(first) : this.#last.get(uses.key)
    if (
      last !== undefined &&
      last.refs.length === refs.length &&
      last.refs.every((ref, i) => ref === refs[i])
    )
      return last.bindings
    const variables: Record<string, BindingValue> = {}
    for (const name of uses.names) {
      const value = valueOf(name, this.inputSchema, state, at, context, error, item, index, overrides.result)
      if (value !== undefined) variables[name] = value
    }
    const made = bindings(variables)
    if (keyed) {
      if (byFirst === undefined) this.#byFirst.set(uses.key, (byFirst = new WeakMap()))
      byFirst.set(first, { refs, bindings: made })
    } else this.#last.set(uses.key, { refs, bindings: made })
    return made
  }
}

const refOf = (
  name: string,
  state: InstanceState,
  at: number,
  context: JsonObject,
  error: ErrorInfo | undefined,
  item: Json | undefined,
  index: number | undefined,
  result: Json | undefined
): unknown => {
  switch (name) {
    case "input":
      return state.input
    case "context":
      return context
    case "error":
      return error
    case "item":
      return item
    case "index":
      return index
    case "now":
      return at
    case "instance":
      return `${state.instanceId}|${state.priority}|${state.workflow.version}`
    case "result":
      return result
    default:
      return undefined
  }
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
