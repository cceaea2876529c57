/**
 * fast-check arbitraries of VALID workflow definitions (in their encoded, authored form), for
 * properties over the definition language and the instance decider.
 *
 * Every scope is built on a spine `step0 → step1 → … → end` so each step is reachable and can
 * end; choices, catches, timeouts and outcomes add forward edges, and loops go back only over a
 * step that acts or waits. All step kinds appear (action with retry/catch/compensate, choice,
 * wait in every mode, human with outcomes, parallel with every join, map, subflow, succeed,
 * fail), parallel and map nest, and CEL reads only known input and context keys:
 *
 *   input:   { orderId: string, total: number, flag: boolean, items: [{ sku: string, qty: number }] }
 *   context: { count: number, status: string }          (item, index inside a map's do)
 */
import { Either } from "effect"
import fc from "fast-check"
import { decodeDefinition } from "../../../src/domain/definition/decode/decodeDefinition.ts"
import {
  publishDefinition,
  type PublishedDefinition
} from "../../../src/domain/definition/PublishedDefinition.ts"
import type { WorkflowDefinitionEncoded } from "../../../src/domain/definition/format/Definition.ts"
import type { GraphEncoded, StepEncoded } from "../../../src/domain/definition/format/Step.ts"

export type Definition = WorkflowDefinitionEncoded
type MutableSteps = Record<string, StepEncoded>

export const inputSchema = {
  type: "object",
  required: ["orderId", "total", "flag", "items"],
  properties: {
    orderId: { type: "string" },
    total: { type: "number" },
    flag: { type: "boolean" },
    items: {
      type: "array",
      items: {
        type: "object",
        required: ["sku", "qty"],
        properties: { sku: { type: "string" }, qty: { type: "integer" } }
      }
    }
  }
} as const

/** A start input that satisfies `inputSchema`. */
export const startInputArbitrary = fc.record({
  orderId: fc.stringMatching(/^[a-z0-9]{1,8}$/),
  total: fc
    .double({ min: 0, max: 5000, noNaN: true, noDefaultInfinity: true })
    .map((x) => Math.round(x * 100) / 100),
  flag: fc.boolean(),
  items: fc.array(fc.record({ sku: fc.constantFrom("a", "b", "c"), qty: fc.integer({ min: 1, max: 5 }) }), {
    maxLength: 4
  })
})

const conditions = [
  "input.total > 1000.0",
  "input.flag",
  "size(input.items) > 0",
  "context.count < 3.0",
  "context.status == 'new'",
  "input.orderId.startsWith('a')"
]
const itemConditions = ["item.qty > 2.0", "item.sku == 'a'", "index == 0"]
const catchConditions = ["error.type == 'Declined'", "error.message.contains('timeout')"]

type Kind = "action" | "choice" | "wait" | "human" | "parallel" | "map" | "subflow"
const leafKinds: ReadonlyArray<Kind> = ["action", "choice", "wait", "human", "subflow"]

/** The random choices behind one step; the builder turns them into a step with valid targets. */
interface StepPlan {
  readonly kind: Kind
  readonly picks: ReadonlyArray<number>
  readonly nested: ReadonlyArray<GraphPlan>
}
interface GraphPlan {
  readonly steps: ReadonlyArray<StepPlan>
  readonly endPick: number
}

const picks = fc.array(fc.nat({ max: 1_000_000 }), { minLength: 12, maxLength: 12 })

const graphPlan = (depth: number, maxSteps: number): fc.Arbitrary<GraphPlan> => {
  const kinds: ReadonlyArray<Kind> = depth > 0 ? [...leafKinds, "parallel", "map"] : leafKinds
  const step: fc.Arbitrary<StepPlan> = fc.constantFrom(...kinds).chain((kind) =>
    fc.record({
      kind: fc.constant(kind),
      picks,
      nested:
        kind === "parallel"
          ? fc.array(graphPlan(depth - 1, Math.max(1, maxSteps >> 1)), { minLength: 1, maxLength: 3 })
          : kind === "map"
            ? fc.array(graphPlan(depth - 1, Math.max(1, maxSteps >> 1)), { minLength: 1, maxLength: 1 })
            : fc.constant([])
    })
  )
  return fc.record({ steps: fc.array(step, { minLength: 0, maxLength: maxSteps }), endPick: fc.nat() })
}

const pick = <A>(items: ReadonlyArray<A>, n: number | undefined): A => items[(n ?? 0) % items.length]!

/** Builds one scope from its plan: names `<kind><index>`, a terminal `end`, compensations `undo<index>`. */
const buildGraph = (plan: GraphPlan, inMap: boolean): GraphEncoded => {
  const names = plan.steps.map((s, i) => `${s.kind}${i}`)
  const endName = "end"
  const all = [...names, endName]
  const steps: MutableSteps = {}
  const forward = (i: number, n: number | undefined) => all[i + 1 + ((n ?? 0) % (all.length - i - 1))]!
  const acts = (s: StepPlan) => s.kind !== "choice"
  const when = (n: number | undefined) => pick(inMap ? [...conditions, ...itemConditions] : conditions, n)
  plan.steps.forEach((s, i) => {
    const p = s.picks
    const next = all[i + 1]!
    const name = names[i]!
    switch (s.kind) {
      case "action": {
        const variant = pick(["set", "http", "worker", "noop", "log", "handler"] as const, p[0])
        const catchers =
          p[1]! % 3 === 0
            ? [{ errors: ["Declined"], next: forward(i, p[2]) }]
            : p[1]! % 3 === 1
              ? [{ when: pick(catchConditions, p[2]), next: forward(i, p[3]) }]
              : []
        const compensate = p[4]! % 4 === 0 ? `undo${i}` : undefined
        if (compensate !== undefined)
          steps[compensate] = {
            type: "action",
            action: "http",
            with: { method: "POST", url: "https://payments.example/refund", body: { id: "${input.orderId}" } }
          }
        steps[name] = {
          type: "action",
          ...(variant === "set"
            ? {
                action: "set",
                with: { count: "${context.count + 1.0}", ...(inMap ? { last: "${item.sku}" } : {}) }
              }
            : variant === "http"
              ? {
                  action: "http",
                  with: {
                    method: "POST",
                    url: "https://api.example/orders",
                    headers: { authorization: "Bearer ${secrets.API_TOKEN}" },
                    body: { id: "${input.orderId}", note: "order ${input.orderId}" }
                  },
                  output: `result${i}`,
                  timeout: "30s"
                }
              : variant === "worker"
                ? {
                    action: "pack-order",
                    queue: "warehouse",
                    with: { orderId: "${input.orderId}" },
                    heartbeat: "10s",
                    timeout: "5m",
                    output: `packed${i}`
                  }
                : variant === "log"
                  ? { action: "log", with: { message: "at step ${context.count}" } }
                  : variant === "handler"
                    ? { action: "charge-card", with: { amount: "${input.total}" } }
                    : { action: "noop" }),
          ...(p[5]! % 3 === 0
            ? {
                retry: {
                  maxAttempts: 1 + (p[6]! % 5),
                  initialInterval: "2s",
                  onExhausted: p[7]! % 2 === 0 ? "incident" : "fail"
                }
              }
            : {}),
          ...(catchers.length > 0 ? { catch: catchers } : {}),
          ...(compensate === undefined ? {} : { compensate }),
          next
        } as StepEncoded
        break
      }
      case "choice": {
        // A loop back to step j must pass a step from j on that acts or waits.
        const loopTargets = names.slice(0, i).filter((_, j) => plan.steps.slice(j, i).some(acts))
        const loopTarget = p[0]! % 3 === 0 && loopTargets.length > 0 ? pick(loopTargets, p[1]) : undefined
        steps[name] = {
          type: "choice",
          choices: [
            { when: when(p[2]), next: forward(i, p[3]) },
            ...(loopTarget === undefined ? [] : [{ when: "context.count < 3.0", next: loopTarget }])
          ],
          otherwise: next
        }
        break
      }
      case "wait": {
        const mode = p[0]! % 4
        steps[name] =
          mode === 0
            ? {
                type: "wait",
                signal: "approve",
                ...(p[1]! % 2 === 0 ? { timeout: "1h", onTimeout: forward(i, p[2]) } : {}),
                into: `signal${i}`,
                next
              }
            : mode === 1
              ? {
                  type: "wait",
                  event: "parcel_delivered",
                  correlate: "input.orderId",
                  ...(p[1]! % 2 === 0 ? { timeout: "7d" } : {}),
                  next
                }
              : mode === 2
                ? { type: "wait", for: pick(["1m", "90s", "PT1H", "1d"], p[1]), next }
                : {
                    type: "wait",
                    until: pick(
                      [
                        "2030-01-01T00:00:00Z",
                        "${input.orderId == '' ? '2030-01-01T00:00:00Z' : '2031-01-01T00:00:00Z'}"
                      ],
                      p[1]
                    ),
                    next
                  }
        break
      }
      case "human": {
        const withOutcomes = p[0]! % 2 === 0
        // A human step waits for people, so an outcome may lead back ("revise") without spinning.
        const revise = i > 0 && p[4]! % 2 === 0 ? names[p[5]! % i] : undefined
        steps[name] = {
          type: "human",
          role: pick(["manager", "clerk"], p[1]),
          title: "Review order ${input.orderId}",
          form: {
            type: "object",
            required: ["approved"],
            properties: { approved: { type: "boolean" }, note: { type: "string", maxLength: 200 } }
          },
          ...(p[2]! % 2 === 0 ? { weight: 0.1 } : { due: "2h" }),
          ...(p[3]! % 2 === 0 ? { remind: ["30m"], escalate: { to: "director", after: "1h" } } : {}),
          ...(withOutcomes
            ? {
                outcomes: {
                  approve: next,
                  reject: forward(i, p[6]),
                  ...(revise === undefined ? {} : { revise })
                }
              }
            : { into: `review${i}`, next })
        } as StepEncoded
        break
      }
      case "subflow":
        steps[name] = {
          type: "subflow",
          workflow: "child-flow",
          ...(p[0]! % 2 === 0 ? { version: 1 + (p[1]! % 3) } : {}),
          input: { orderId: "${input.orderId}" },
          output: `child${i}`,
          ...(p[2]! % 2 === 0 ? { timeout: "1h", catch: [{ next: forward(i, p[3]) }] } : {}),
          next
        }
        break
      case "parallel": {
        const branches = s.nested.map((g, b) => ({
          ...(p[0]! % 2 === 0 ? { name: `lane${b}` } : {}),
          ...buildGraph(g, inMap)
        }))
        const join = pick(["all", "any", "n"] as const, p[1])
        steps[name] = {
          type: "parallel",
          branches: branches as [GraphEncoded, ...Array<GraphEncoded>],
          join: join === "n" ? 1 + (p[2]! % branches.length) : join,
          ...(p[3]! % 2 === 0 ? { catch: [{ next: forward(i, p[4]) }] } : {}),
          next
        }
        break
      }
      case "map":
        steps[name] = {
          type: "map",
          items: "input.items",
          concurrency: 1 + (p[0]! % 4),
          do: buildGraph(s.nested[0]!, true),
          ...(p[1]! % 2 === 0 ? { output: `mapped${i}` } : {}),
          next
        }
        break
    }
  })
  steps[endName] =
    plan.endPick % 3 === 2
      ? { type: "fail", error: { type: "Rejected", message: "order ${input.orderId} rejected" } }
      : {
          type: "succeed",
          ...(plan.endPick % 3 === 0
            ? { output: { orderId: "${input.orderId}", count: "${context.count}" } }
            : {})
        }
  return { start: all[0]!, steps }
}

/** Human weights along a path must sum to at most 1: keep them while the whole definition's sum allows. */
const capWeights = (graph: GraphEncoded, budget: { left: number }): void => {
  for (const step of Object.values(graph.steps)) {
    const s = step as {
      type: string
      weight?: number
      due?: string
      branches?: ReadonlyArray<GraphEncoded>
      do?: GraphEncoded
    }
    if (s.type === "human" && s.weight !== undefined) {
      if (budget.left >= s.weight - 1e-9) budget.left -= s.weight
      else {
        delete s.weight
        s.due = "4h"
      }
    }
    s.branches?.forEach((branch) => capWeights(branch, budget))
    if (s.do !== undefined) capWeights(s.do, budget)
  }
}

const triggers = fc.array(
  fc.oneof(
    fc.record({
      event: fc.constant("order_placed"),
      input: fc.constant("{ 'orderId': event.data.id, 'total': 1.0, 'flag': false, 'items': [] }"),
      offset: fc.constantFrom("0s", "-1h", "2d")
    }),
    fc.record({
      schedule: fc.record({
        cron: fc.constantFrom("0 9 * * MON-FRI", "*/15 * * * *", "@daily"),
        timezone: fc.constantFrom("UTC", "Europe/Berlin")
      })
    }),
    fc.record({
      schedule: fc.record({ at: fc.constantFrom("2030-06-01T09:00:00Z", "2031-01-01T00:00:00+01:00") })
    })
  ),
  { maxLength: 2 }
)

export interface DefinitionOptions {
  /** Steps per scope before the terminal one (default 6). */
  readonly maxSteps?: number
  /** How deep parallel and map steps nest (default 2). */
  readonly maxDepth?: number
}

/** Valid workflow definitions in their authored (encoded) form. */
export const definitionArbitrary = (options: DefinitionOptions = {}): fc.Arbitrary<Definition> =>
  fc
    .record({
      plan: graphPlan(options.maxDepth ?? 2, options.maxSteps ?? 6),
      name: fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
      retry: fc.option(
        fc.record({
          maxAttempts: fc.integer({ min: 1, max: 5 }),
          initialInterval: fc.constantFrom("1s", "500ms"),
          backoffCoefficient: fc.constantFrom(1, 2, 1.5),
          maxInterval: fc.constantFrom("1m", "PT2M")
        }),
        { nil: undefined }
      ),
      sla: fc.option(fc.constant({ urgent: "4h", high: "1d", medium: "48h", low: "3d" }), { nil: undefined }),
      onError: fc.boolean(),
      triggers
    })
    .map(({ plan, name, retry, sla, onError, triggers }) => {
      const graph = buildGraph(plan, false)
      const steps: MutableSteps = { ...graph.steps }
      if (onError) steps["recover"] = { type: "fail", error: { type: "Unrecoverable", message: "gave up" } }
      const definition: Definition = {
        name,
        input: inputSchema as unknown as Definition["input"] & object,
        context: { count: 0, status: "new" },
        ...(retry === undefined ? {} : { retry }),
        ...(sla === undefined ? {} : { sla }),
        ...(onError ? { onError: "recover" } : {}),
        ...(triggers.length > 0 ? { triggers } : {}),
        start: graph.start,
        steps
      }
      capWeights(definition, { left: 1 })
      return definition
    })

/**
 * Published versions of valid definitions (normalized and hashed, version 1), for the instance
 * decider: `instanceDecider(published)`.
 */
export const publishedDefinitionArbitrary = (
  options: DefinitionOptions = {}
): fc.Arbitrary<PublishedDefinition> =>
  definitionArbitrary(options).map((authored) =>
    publishDefinition(Either.getOrThrow(decodeDefinition(authored)), 1)
  )
