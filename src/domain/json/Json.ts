import { Schema } from "effect"

/** A JSON value as stored in jsonb: the only data Foldflow keeps in contexts and events. */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | JsonObject
export interface JsonObject {
  readonly [key: string]: Json
}

/** Schema of any JSON value; decoding checks the shape, not jsonb safety (see jsonbProblems). */
export const Json: Schema.Schema<Json> = Schema.suspend((): Schema.Schema<Json> =>
  Schema.Union(
    Schema.Null,
    Schema.Boolean,
    Schema.Number,
    Schema.String,
    Schema.Array(Json),
    Schema.Record({ key: Schema.String, value: Json })
  )
).annotations({ identifier: "Json" })

export const JsonObject: Schema.Schema<JsonObject> = Schema.Record({
  key: Schema.String,
  value: Json
}).annotations({
  identifier: "JsonObject"
})

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)
