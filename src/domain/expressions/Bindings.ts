import { celError, celList } from "@bufbuild/cel"
import type { CelInput, CelMap } from "@bufbuild/cel"
import { timestampFromMs } from "@bufbuild/protobuf/wkt"
import type { Json, JsonObject } from "../json/Json.ts"
import { isIntegerView, itemView, propertyView, rootView } from "./schemaNumbers.ts"
import type { SchemaView } from "./schemaNumbers.ts"

/**
 * The variables of an evaluation. JSON maps to CEL as DESIGN §2 fixes it: null, bool, string,
 * list and map as themselves; a number is a CEL `double`, unless the binding's JSON Schema
 * declares it `integer` and it is a safe integer (|n| ≤ 2^53 − 1), then an `int`. Larger
 * "integers" stay doubles: JSON parsing already rounded them, so an int would claim a precision
 * they lost. Objects are converted lazily, key by key, and each key at most once per Bindings.
 */
export type BindingValue =
  { readonly json: Json; readonly schema?: JsonObject } | { readonly timestamp: number } // epoch milliseconds -> google.protobuf.Timestamp

export interface Bindings {
  readonly _tag: "Bindings"
  readonly names: ReadonlySet<string>
}

/**
 * Bindings hold the variables as given; the fast path reads their JSON directly, and the CEL
 * activation the library needs is built on first use only.
 */
class LazyBindings implements Bindings {
  readonly _tag = "Bindings"
  #names: ReadonlySet<string> | undefined
  #activation: Record<string, unknown> | undefined
  constructor(readonly variables: Readonly<Record<string, BindingValue>>) {}
  get names(): ReadonlySet<string> {
    this.#names ??= new Set(Object.keys(this.variables))
    return this.#names
  }
  get activation(): Record<string, unknown> {
    this.#activation ??= activate(this.variables)
    return this.#activation
  }
}

export const bindings = (variables: Readonly<Record<string, BindingValue>>): Bindings =>
  new LazyBindings(variables)

const made = (value: Bindings): LazyBindings => {
  if (!(value instanceof LazyBindings)) throw new TypeError("Expected bindings made by bindings()")
  return value
}

/** The variables as bound (the fast path reads them). */
export const variablesOf = (value: Bindings): Readonly<Record<string, BindingValue>> => made(value).variables

/** The activation the planned program reads. */
export const activationOf = (value: Bindings): Record<string, unknown> => made(value).activation

const activate = (variables: Readonly<Record<string, BindingValue>>): Record<string, unknown> => {
  // A prototype-less record: the library looks variables up by plain property access.
  const activation: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  for (const name of Object.keys(variables)) {
    const value = variables[name] as BindingValue
    activation[name] =
      "timestamp" in value
        ? Number.isFinite(value.timestamp)
          ? timestampFromMs(Math.trunc(value.timestamp))
          : celError(`Expected "${name}" to be a finite timestamp, but got ${value.timestamp}`)
        : convertedRoot(value.json, value.schema)
  }
  return activation
}

// A bound object converts lazily, key by key, and keeps what it converted: the same JSON object
// bound again with the same schema (an instance's input, read by step after step) reuses it.
const roots = new WeakMap<object, { readonly schema: JsonObject | undefined; readonly value: unknown }>()

const convertedRoot = (json: Json, schema: JsonObject | undefined): unknown => {
  if (typeof json !== "object" || json === null) return toCelInput(json, rootView(schema))
  const known = roots.get(json)
  if (known !== undefined && known.schema === schema) return known.value
  const value = toCelInput(json, rootView(schema))
  roots.set(json, { schema, value })
  return value
}

const toCelInput = (value: Json, view: SchemaView): unknown => {
  if (typeof value === "number")
    return Number.isSafeInteger(value) && view.length > 0 && isIntegerView(view) ? BigInt(value) : value
  if (value === null || typeof value !== "object") return value
  if (Array.isArray(value))
    return celList(
      (value as ReadonlyArray<Json>).map((item, index) => toCelInput(item, itemView(view, index)) as CelInput)
    )
  return new JsonMap(value as JsonObject, view) as unknown as CelMap
}

// The library recognises maps by this registered symbol (\`isCelMap\`). Its own map wrapper
// answers \`has\` from \`get(key) != undefined\`, so \`has(x.k)\` would be false for a key holding
// null; a JSON object is its own CEL map here, with presence meaning "own key".
const celMapMarker = Symbol.for("@bufbuild/cel/map")

/** A JSON object as a CEL map: own keys only, children converted on first access. */
class JsonMap implements ReadonlyMap<string, unknown> {
  readonly [celMapMarker] = {}
  readonly #object: JsonObject
  readonly #view: SchemaView
  readonly #converted = new Map<string, unknown>()
  #keys: ReadonlyArray<string> | undefined

  constructor(object: JsonObject, view: SchemaView) {
    this.#object = object
    this.#view = view
  }
  get size(): number {
    return this.ownKeys().length
  }
  has(key: unknown): boolean {
    return typeof key === "string" && Object.hasOwn(this.#object, key)
  }
  get(key: unknown): unknown {
    if (typeof key !== "string" || !Object.hasOwn(this.#object, key)) return undefined
    if (!this.#converted.has(key))
      this.#converted.set(key, toCelInput(this.#object[key] as Json, propertyView(this.#view, key)))
    return this.#converted.get(key)
  }
  keys(): MapIterator<string> {
    return this.ownKeys()[Symbol.iterator]()
  }
  *values(): MapIterator<unknown> {
    for (const key of this.ownKeys()) yield this.get(key)
  }
  *entries(): MapIterator<[string, unknown]> {
    for (const key of this.ownKeys()) yield [key, this.get(key)]
  }
  forEach(callback: (value: unknown, key: string, map: ReadonlyMap<string, unknown>) => void): void {
    for (const key of this.ownKeys()) callback(this.get(key), key, this)
  }
  [Symbol.iterator](): MapIterator<[string, unknown]> {
    return this.entries()
  }
  private ownKeys(): ReadonlyArray<string> {
    this.#keys ??= Object.keys(this.#object)
    return this.#keys
  }
}
