import { isScalar, type Node } from "yaml"
import type { Json } from "../../json/Json.ts"

/** A map key as JSON text: a number or boolean key reads as the author wrote it (`200: ok` is "200"). */
export const keyText = (key: Node | null): string | undefined => {
  if (key === null || !isScalar(key) || key.value === null) return undefined
  return typeof key.value === "string" ? key.value : (key.source ?? String(key.value))
}

/** A scalar's JSON value; what JSON cannot hold is reported and read as null. */
export const scalarValue = (value: unknown, report: (message: string) => void): Json => {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value
  if (typeof value === "bigint") {
    if (value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(-Number.MAX_SAFE_INTEGER))
      return Number(value)
    report(`Expected an integer within double precision (at most 2^53 - 1 in magnitude), but got ${value}`)
    return null
  }
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value
    report(`Expected a finite number, but got ${value}`)
    return null
  }
  report("Expected plain YAML data, but found a value JSON cannot hold")
  return null
}

/** Where a one-line string's first character sits, when the written form reads as the value. */
export const oneLineStart = (
  text: string,
  range: readonly [number, number, number] | undefined,
  type: string | undefined,
  value: string
): number | undefined => {
  if (range === undefined) return undefined
  const raw = text.slice(range[0], range[1])
  if (raw.includes("\n")) return undefined
  if (type === "PLAIN" && raw === value) return range[0]
  if ((type === "QUOTE_DOUBLE" || type === "QUOTE_SINGLE") && raw.slice(1, -1) === value) return range[0] + 1
  return undefined
}
