import { formatDuration, parseDuration } from "../format/Duration.ts"

/** The canonical spelling of a decoded duration (`90s` and `PT1M30S` both become `1m30s`). */
export const canonicalDuration = (text: string): string => {
  const ms = parseDuration(text)
  // Decoded definitions hold only valid durations; an invalid one is kept as written.
  return ms === undefined ? text : formatDuration(ms)
}

/** Milliseconds of a decoded duration (0 for text that is not one, which decoding refuses). */
export const durationMs = (text: string): number => parseDuration(text) ?? 0

/** `{ [key]: canonical duration }` when the duration is given, else nothing to spread. */
export const optionalDuration = <K extends string>(key: K, text: string | undefined): { [P in K]?: string } =>
  (text === undefined ? {} : { [key]: canonicalDuration(text) }) as { [P in K]?: string }
