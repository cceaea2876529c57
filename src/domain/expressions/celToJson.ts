import { isCelList, isCelMap, isCelType, isCelUint } from "@bufbuild/cel"
import { Either, Encoding } from "effect"
import type { Json } from "../json/Json.ts"
import { reservedKeys } from "../json/jsonbSafety.ts"
import { formatDuration, formatTimestamp } from "./celTime.ts"

/**
 * A CEL result as plain JSON, never BigInt: ints and uints within ±(2^53 − 1) become numbers
 * (beyond, an error: JSON consumers could not read them back exactly); doubles as numbers (-0
 * as 0; NaN and infinities are an error); bytes as base64 text; timestamps as RFC 3339 text;
 * durations as text like "90s"; types as their names; map keys as text (`1`, `true`).
 * Failures are messages in the form "Expected …, but …".
 */
export const celToJson = (value: unknown): Either.Either<Json, string> => {
  try {
    return Either.right(convert(value))
  } catch (error) {
    if (error instanceof NotJson) return Either.left(error.message)
    if (error instanceof RangeError)
      return Either.left("Expected a result nested within the stack's reach, but it is deeper")
    throw error
  }
}

class NotJson extends Error {}

const safeInteger = (value: bigint): number => {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))
    throw new NotJson(
      `Expected an int within ±${Number.MAX_SAFE_INTEGER} to return as JSON, but got ${value}`
    )
  return Number(value)
}

const convert = (value: unknown): Json => {
  switch (typeof value) {
    case "boolean":
    case "string":
      return value
    case "bigint":
      return safeInteger(value)
    case "number":
      if (!Number.isFinite(value))
        throw new NotJson(`Expected a finite number to return as JSON, but got ${value}`)
      return value === 0 ? 0 : value
    case "object":
      break
    default:
      throw new NotJson(`Expected a CEL value, but got ${typeof value}`)
  }
  if (value === null) return null
  if (value instanceof Uint8Array) return Encoding.encodeBase64(value)
  if (isCelUint(value)) return safeInteger(value.value)
  if (isCelType(value)) return value.name
  if (isCelList(value)) return Array.from(value, convert)
  if (isCelMap(value)) return convertMap(value)
  const message = (value as { message?: { $typeName?: string; seconds?: bigint; nanos?: number } }).message
  if (message?.$typeName === "google.protobuf.Timestamp")
    return formatTimestamp(message.seconds ?? 0n, message.nanos ?? 0)
  if (message?.$typeName === "google.protobuf.Duration")
    return formatDuration(message.seconds ?? 0n, message.nanos ?? 0)
  throw new NotJson(
    `Expected a result JSON can hold, but got ${message?.$typeName ?? "an unsupported value"}`
  )
}

const convertMap = (map: ReadonlyMap<unknown, unknown>): Json => {
  const out: Record<string, Json> = {}
  for (const [key, item] of map) {
    const text = isCelUint(key) ? String(key.value) : String(key)
    if (reservedKeys.has(text))
      throw new NotJson(`Expected an ordinary key in the result, but "${text}" is reserved`)
    if (Object.hasOwn(out, text))
      throw new NotJson(`Expected distinct keys once written as JSON text, but "${text}" occurs twice`)
    out[text] = convert(item)
  }
  return out
}
