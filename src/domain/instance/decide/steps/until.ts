import { DateTime, Option } from "effect"

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i

/** Epoch milliseconds of an RFC 3339 instant with `Z` or an offset (never the host's zone). */
export const parseUntil = (text: string): number | undefined => {
  if (!rfc3339.test(text)) return undefined
  return Option.getOrUndefined(Option.map(DateTime.make(text), DateTime.toEpochMillis))
}
