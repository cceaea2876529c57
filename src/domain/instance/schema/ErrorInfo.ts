import { Schema } from "effect"
import type { JsonObject } from "../../json/Json.ts"
import { optional } from "../../definition/format/optional.ts"
import { Payload } from "./Payload.ts"

/** An error as steps, workers and children report it; bound as `error` in `catch.when`. */
export const ErrorInfo = Schema.Struct({
  type: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  message: Schema.String,
  details: optional(Payload)
}).annotations({ identifier: "ErrorInfo" })
export type ErrorInfo = typeof ErrorInfo.Type

export const errorInfo = (type: string, message: string, details?: ErrorInfo["details"]): ErrorInfo =>
  details === undefined ? { type, message } : { type, message, details }

/** What happens to an uncaught failure once it reaches the root (DESIGN §2.1). */
export const OnExhausted = Schema.Literal("fail", "incident")
export type OnExhausted = typeof OnExhausted.Type

/** The error as a context value (the `error` binding, `catch.into`), keys in canonical order. */
export const errorJson = (error: ErrorInfo): JsonObject =>
  error.details === undefined
    ? { message: error.message, type: error.type }
    : { details: error.details, message: error.message, type: error.type }
