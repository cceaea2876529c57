import { Schema } from "effect"

/**
 * Durations in definitions: compact `1h30m`, `500ms`, `7d`, `2w` (units ms, s, m, h, d, w), or
 * ISO 8601 `PT1H30M` / `P7D`; a leading `-` only where a field allows it (trigger offsets).
 * A day is 24 hours: durations are exact spans, not calendar arithmetic.
 */
const unitMs = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const
type Unit = keyof typeof unitMs

// Units in descending order, each at most once: `1h30m`, not `30m1h` or `1m1m`.
const compact = /^(-)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/
const iso = /^(-)?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/

/** The largest duration accepted anywhere: 100 years, far inside safe integers. */
export const maxDurationMs = 100 * 365 * unitMs.d

/** Milliseconds of a duration text, or undefined when it is not one (or exceeds 100 years). */
export const parseDuration = (text: string): number | undefined => {
  const ms = parseUnbounded(text.trim())
  return ms !== undefined && Math.abs(ms) <= maxDurationMs ? ms : undefined
}

const parseUnbounded = (text: string): number | undefined => {
  const c = compact.exec(text)
  if (c !== null && c.slice(2).some((part) => part !== undefined)) {
    const units: ReadonlyArray<Unit> = ["w", "d", "h", "m", "s", "ms"]
    const total = units.reduce((sum, unit, index) => sum + Number(c[index + 2] ?? 0) * unitMs[unit], 0)
    return c[1] === "-" ? -total : total
  }
  const i = iso.exec(text)
  if (i === null || text === "P" || text === "-P" || text.endsWith("T")) return undefined
  const [, sign, w, d, h, m, s] = i
  if ([w, d, h, m, s].every((part) => part === undefined)) return undefined
  const total =
    Number(w ?? 0) * unitMs.w +
    Number(d ?? 0) * unitMs.d +
    Number(h ?? 0) * unitMs.h +
    Number(m ?? 0) * unitMs.m +
    Math.round(Number(s ?? 0) * 1000)
  return sign === "-" ? -total : total
}

/** The canonical spelling of a duration: compact, largest units first (`90s` becomes `1m30s`). */
export const formatDuration = (ms: number): string => {
  if (ms === 0) return "0s"
  let rest = Math.abs(ms)
  let out = ms < 0 ? "-" : ""
  for (const unit of ["d", "h", "m", "s", "ms"] as const) {
    const amount = Math.floor(rest / unitMs[unit])
    if (amount > 0) out += `${amount}${unit}`
    rest -= amount * unitMs[unit]
  }
  return out
}

/** A non-negative duration text (`30s`, `1h30m`, `P7D`). */
export const Duration = Schema.String.pipe(
  Schema.filter((text) => {
    const ms = parseDuration(text)
    return ms !== undefined && ms >= 0
      ? undefined
      : `Expected a duration such as 30s, 1h30m or P7D (at most 100 years), but got ${JSON.stringify(text)}`
  })
).annotations({ identifier: "Duration" })

/** A duration that may be negative (`-1d`): trigger offsets from an event's own time. */
export const SignedDuration = Schema.String.pipe(
  Schema.filter((text) =>
    parseDuration(text) !== undefined
      ? undefined
      : `Expected a duration such as 1d or -2h (at most 100 years), but got ${JSON.stringify(text)}`
  )
).annotations({ identifier: "SignedDuration" })
