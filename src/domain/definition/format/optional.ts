import { Schema } from "effect"

/**
 * An optional field that is absent or holds a value, never `undefined`: it matches
 * `exactOptionalPropertyTypes`, and a bad value reports one problem, not an extra "Expected undefined".
 */
export const optional = <S extends Schema.Schema.All>(schema: S) =>
  Schema.optionalWith(schema, { exact: true })
