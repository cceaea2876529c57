import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { decodeDefinition } from "../../../src/domain/definition/decode/decodeDefinition.ts"
import { defaultLimits } from "../../../src/domain/definition/format/Definition.ts"
import { defaultRetryPolicy } from "../../../src/domain/definition/format/RetryPolicy.ts"
import { normalizeDefinition } from "../../../src/domain/definition/normalize/normalizeDefinition.ts"
import {
  NormalizedWorkflowDefinition,
  PublishedDefinition,
  publishDefinition
} from "../../../src/domain/definition/PublishedDefinition.ts"
import { definitionArbitrary } from "../../support/arbitraries/definition.ts"
import { jsonbRoundTrip } from "../../support/jsonbRoundTrip.ts"

const decode = (value: unknown) => Either.getOrThrow(decodeDefinition(value))
const hashOf = (value: unknown) => publishDefinition(decode(value), 1).contentHash

const minimal = {
  name: "tiny",
  start: "work",
  steps: {
    work: { type: "action", action: "charge", next: "fork" },
    fork: {
      type: "parallel",
      branches: [
        {
          start: "each",
          steps: {
            each: { type: "map", items: "input.items", do: { start: "x", steps: { x: { type: "succeed" } } } }
          }
        }
      ],
      next: "ask"
    },
    ask: { type: "human", role: "clerk", outcomes: {}, remind: ["PT2H", "30m"] },
    pause: { type: "wait", for: "90s" }
  }
}

describe("normalizeDefinition", () => {
  it("fills every default of the workflow", () => {
    const normalized = normalizeDefinition(decode(minimal))
    expect(normalized.input).toEqual({ type: "object" })
    expect(normalized.context).toEqual({})
    expect(normalized.retry).toEqual(defaultRetryPolicy)
    expect(normalized.limits).toEqual(defaultLimits)
    expect(normalized.sla).toEqual({ urgent: "4h", high: "1d", medium: "2d", low: "3d" })
    expect(normalized.triggers).toEqual([])
  })

  it("fills every default of the steps, in every scope", () => {
    const { steps } = normalizeDefinition(decode(minimal))
    expect(steps["work"]).toMatchObject({ with: {}, catch: [], retry: defaultRetryPolicy })
    const fork = steps["fork"] as unknown as {
      join: string
      catch: unknown
      branches: Array<{ steps: Record<string, unknown> }>
    }
    expect(fork.join).toBe("all")
    expect(fork.catch).toEqual([])
    expect(fork.branches[0]!.steps["each"]).toMatchObject({ concurrency: 10, catch: [] })
    expect(steps["ask"]).toEqual({ type: "human", role: "clerk", remind: ["30m", "2h"] })
    expect(steps["pause"]).toEqual({ type: "wait", for: "1m30s" })
  })

  it("merges the workflow's retry into each action's retry field by field", () => {
    const definition = {
      ...minimal,
      retry: { maxAttempts: 5, initialInterval: "2s", nonRetryable: ["Declined", "Declined", "Bad"] },
      steps: {
        ...minimal.steps,
        work: { type: "action", action: "charge", retry: { maxAttempts: 2, maxInterval: "PT5M" } }
      }
    }
    const { retry, steps } = normalizeDefinition(decode(definition))
    expect(retry).toEqual({
      ...defaultRetryPolicy,
      maxAttempts: 5,
      initialInterval: "2s",
      nonRetryable: ["Bad", "Declined"]
    })
    expect((steps["work"] as { retry: unknown }).retry).toEqual({
      ...defaultRetryPolicy,
      maxAttempts: 2,
      initialInterval: "2s",
      maxInterval: "5m",
      nonRetryable: ["Bad", "Declined"]
    })
  })

  it("fills a missing SLA from the nearest more urgent one given, else the nearest less urgent", () => {
    expect(normalizeDefinition(decode({ ...minimal, sla: { high: "8h", low: "72h" } })).sla).toEqual({
      urgent: "8h",
      high: "8h",
      medium: "8h",
      low: "3d"
    })
  })

  it("fills trigger defaults", () => {
    const definition = {
      ...minimal,
      triggers: [
        { event: "order_placed" },
        { schedule: { cron: "0 9 * * *" } },
        { schedule: { at: "2030-01-01T00:00:00Z" } }
      ]
    }
    expect(normalizeDefinition(decode(definition)).triggers).toEqual([
      { event: "order_placed", input: "event.data", offset: "0s", priority: "medium" },
      {
        schedule: { cron: "0 9 * * *", timezone: "UTC", catchUp: "latest", grace: "1m" },
        input: "{}",
        priority: "medium"
      },
      { schedule: { at: "2030-01-01T00:00:00Z" }, input: "{}", priority: "medium" }
    ])
  })

  it("normalization is idempotent", () => {
    fc.assert(
      fc.property(definitionArbitrary(), (authored) => {
        const once = normalizeDefinition(decode(authored))
        expect(normalizeDefinition(decode(once))).toEqual(once)
      }),
      { numRuns: 200 }
    )
  })

  it("the content hash ignores key order, duration spelling and spelled-out defaults", () => {
    fc.assert(
      fc.property(definitionArbitrary(), (authored) => {
        const hash = hashOf(authored)
        expect(hashOf(jsonbRoundTrip(authored))).toBe(hash)
        expect(hashOf(respellDurations(authored))).toBe(hash)
        expect(hashOf(normalizeDefinition(decode(authored)))).toBe(hash)
      }),
      { numRuns: 200 }
    )
  })

  it("a different definition has a different hash", () => {
    expect(hashOf({ ...minimal, description: "other" })).not.toBe(hashOf(minimal))
  })
})

describe("PublishedDefinition", () => {
  it("round-trips through its encoded form and through jsonb", () => {
    fc.assert(
      fc.property(definitionArbitrary(), (authored) => {
        const published = publishDefinition(decode(authored), 3)
        const encoded = Schema.encodeSync(PublishedDefinition)(published)
        expect(Schema.decodeUnknownSync(PublishedDefinition)(jsonbRoundTrip(encoded))).toEqual(published)
      }),
      { numRuns: 100 }
    )
  })

  it("refuses a definition whose defaults are not filled in", () => {
    const result = Schema.decodeUnknownEither(NormalizedWorkflowDefinition)(minimal)
    expect(Either.isLeft(result)).toBe(true)
  })
})

/** The same definition with compact durations spelled the ISO 8601 way (`90s` → `PT90S`). */
const respellDurations = (value: unknown): unknown => {
  if (typeof value === "string") {
    const m = /^(\d+)(s|m|h|d)$/.exec(value)
    return m === null ? value : m[2] === "d" ? `P${m[1]}D` : `PT${m[1]}${m[2]!.toUpperCase()}`
  }
  if (Array.isArray(value)) return value.map(respellDurations)
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, respellDurations(v)]))
  return value
}
