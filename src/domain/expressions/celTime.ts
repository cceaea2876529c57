/**
 * RFC 3339 text for CEL timestamps and CEL's own text for durations, computed from seconds and
 * nanoseconds (no host `Date`, no time zone: always UTC, `Z`). Fractions keep only the digits
 * they need, as CEL's `string(timestamp)` does: `2026-11-21T09:30:00Z`, `…:00.5Z`, `90s`, `1.5s`.
 */
const pad = (value: bigint | number, width: number): string => String(value).padStart(width, "0")

const fraction = (nanos: number): string =>
  nanos === 0 ? "" : `.${pad(Math.abs(nanos), 9).replace(/0+$/, "")}`

/** Civil date of a day count since 1970-01-01 (H. Hinnant's days-to-civil algorithm). */
const civilFromDays = (days: bigint): readonly [bigint, bigint, bigint] => {
  const z = days + 719468n
  const era = (z >= 0n ? z : z - 146096n) / 146097n
  const doe = z - era * 146097n
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n)
  const mp = (5n * doy + 2n) / 153n
  const day = doy - (153n * mp + 2n) / 5n + 1n
  const month = mp < 10n ? mp + 3n : mp - 9n
  return [yoe + era * 400n + (month <= 2n ? 1n : 0n), month, day]
}

export const formatTimestamp = (seconds: bigint, nanos: number): string => {
  const secondsOfDay = ((seconds % 86400n) + 86400n) % 86400n
  const [year, month, day] = civilFromDays((seconds - secondsOfDay) / 86400n)
  const time = `${pad(secondsOfDay / 3600n, 2)}:${pad((secondsOfDay % 3600n) / 60n, 2)}:${pad(secondsOfDay % 60n, 2)}`
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${time}${fraction(nanos)}Z`
}

export const formatDuration = (seconds: bigint, nanos: number): string => {
  const negative = seconds < 0n || nanos < 0
  const whole = seconds < 0n ? -seconds : seconds
  return `${negative ? "-" : ""}${whole}${fraction(nanos)}s`
}
