/**
 * What a value looks like after a trip through a Postgres jsonb column: JSON text in, jsonb out.
 * jsonb keeps one value per key and returns object keys shortest first (by UTF-8 byte length,
 * then bytewise); numbers come back in their shortest spelling. Use it to show that folding
 * stored events gives the same state as folding live ones.
 *
 *   expect(fold(decide(...).map(e => decode(jsonbRoundTrip(encode(e)))))).toEqual(liveState)
 */
const utf8 = new TextEncoder()

/** jsonb's key order: shorter UTF-8 first, equal lengths bytewise. */
export const jsonbKeyOrder = (a: string, b: string): number => {
  const x = utf8.encode(a)
  const y = utf8.encode(b)
  if (x.length !== y.length) return x.length - y.length
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return 0
}

const reorder = (value: unknown): unknown => {
  if (value === null || typeof value !== "object") return value
  if (Array.isArray(value)) return value.map(reorder)
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => jsonbKeyOrder(a, b))
  const out: Record<string, unknown> = {}
  // defineProperty keeps even a `__proto__` key as data, as jsonb would.
  for (const [key, inner] of entries)
    Object.defineProperty(out, key, {
      value: reorder(inner),
      enumerable: true,
      writable: true,
      configurable: true
    })
  return out
}

/** The value as jsonb would return it: through JSON text, keys reordered shortest first. */
export const jsonbRoundTrip = <A>(value: A): A => reorder(JSON.parse(JSON.stringify(value))) as A
