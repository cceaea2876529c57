/**
 * One mistake injected into a valid definition, with the path validation must report it at and
 * a fragment of the message. Used to show every kind of mistake is found where it is.
 */
import fc from "fast-check"
import type { PathSegment } from "../../../src/domain/Problem.ts"
import type { StepEncoded } from "../../../src/domain/definition/format/Step.ts"
import { definitionArbitrary, type Definition } from "./definition.ts"

export interface Mistake {
  readonly kind: string
  readonly definition: Definition
  readonly path: ReadonlyArray<PathSegment>
  readonly message: string
}

type Mutable = { -readonly [K in keyof Definition]: Definition[K] } & { steps: Record<string, StepEncoded> }

const copy = (definition: Definition): Mutable => structuredClone(definition) as Mutable

/** Puts a new first step in front of the old start; `make` receives the old start's name. */
const inFront = (definition: Definition, name: string, make: (oldStart: string) => StepEncoded): Mutable => {
  const out = copy(definition)
  out.steps = { ...out.steps, [name]: make(out.start) }
  out.start = name
  return out
}

const mistakes: ReadonlyArray<(d: Definition) => Mistake> = [
  (d) => ({
    kind: "unknown next",
    definition: inFront(d, "first", () => ({ type: "action", action: "noop", next: "missing_step" })),
    path: ["steps", "first", "next"],
    message: 'there is no step "missing_step"'
  }),
  (d) => ({
    kind: "unknown catch target in a branch",
    definition: inFront(d, "fork", (old) => ({
      type: "parallel",
      branches: [
        { start: "x", steps: { x: { type: "action", action: "noop", catch: [{ next: "nowhere" }] } } }
      ],
      next: old
    })),
    path: ["steps", "fork", "branches", 0, "steps", "x", "catch", 0, "next"],
    message: 'there is no step "nowhere"'
  }),
  (d) => {
    const out = copy(d)
    out.steps = { ...out.steps, orphan: { type: "succeed" } }
    return {
      kind: "unreachable step",
      definition: out,
      path: ["steps", "orphan"],
      message: "nothing leads to"
    }
  },
  (d) => ({
    kind: "self-transition",
    definition: inFront(d, "spin", (old) => ({
      type: "action",
      action: "noop",
      next: "spin",
      catch: [{ next: old }]
    })),
    path: ["steps", "spin", "next"],
    message: "itself"
  }),
  (d) => {
    const out = inFront(d, "loop", () => ({ type: "action", action: "noop", next: "again" }))
    out.steps = { ...out.steps, again: { type: "wait", for: "1m", next: "loop" } }
    return { kind: "no way to an end", definition: out, path: ["steps", "loop"], message: "loops forever" }
  },
  (d) => ({
    kind: "SLA order",
    definition: { ...copy(d), sla: { urgent: "2d", high: "1d" } },
    path: ["sla", "high"],
    message: "at least that of urgent"
  }),
  (d) => ({
    kind: "human weights over 1",
    definition: inFront(
      inFront(d, "review2", (old) => ({ type: "human", role: "clerk", weight: 0.6, next: old })),
      "review1",
      (old) => ({
        type: "human",
        role: "clerk",
        weight: 0.6,
        next: old
      })
    ),
    path: ["steps", "review2", "weight"],
    message: "sum to at most 1"
  }),
  (d) => ({
    kind: "wait with two modes",
    definition: inFront(d, "pause", (old) => ({ type: "wait", signal: "go", for: "1h", next: old })),
    path: ["steps", "pause"],
    message: "exactly one of signal, event, for or until"
  }),
  (d) => ({
    kind: "correlate without event",
    definition: inFront(d, "pause", (old) => ({
      type: "wait",
      signal: "go",
      correlate: "input.orderId",
      next: old
    })),
    path: ["steps", "pause", "correlate"],
    message: "only on an event wait"
  }),
  (d) => ({
    kind: "invalid CEL",
    definition: inFront(d, "check", (old) => ({
      type: "choice",
      choices: [{ when: "input.total >", next: old }],
      otherwise: old
    })),
    path: ["steps", "check", "choices", 0, "when"],
    message: "Expected"
  }),
  (d) => ({
    kind: "unbound variable",
    definition: inFront(d, "check", (old) => ({
      type: "choice",
      choices: [{ when: "item.qty > 1.0", next: old }],
      otherwise: old
    })),
    path: ["steps", "check", "choices", 0, "when"],
    message: "reads item"
  }),
  (d) => {
    const out = copy(d)
    out.input = { type: "object", properties: { total: { type: "numbr" } } }
    return {
      kind: "invalid input schema",
      definition: out,
      path: ["input", "properties", "total", "type"],
      message: "Expected type"
    }
  },
  (d) => ({
    kind: "secret outside with",
    definition: { ...copy(d), context: { count: 0, status: "new", token: "${secrets.TOKEN}" } },
    path: ["context", "token"],
    message: "only inside an action's with"
  }),
  (d) => {
    const out = copy(d)
    const context: Record<string, unknown> = { count: 0, status: "new" }
    Object.defineProperty(context, "__proto__", {
      value: 1,
      enumerable: true,
      writable: true,
      configurable: true
    })
    out.context = context as NonNullable<Mutable["context"]>
    return { kind: "reserved key", definition: out, path: ["context", "__proto__"], message: "reserved" }
  },
  (d) => {
    const out = inFront(d, "charge", (old) => ({
      type: "action",
      action: "noop",
      compensate: "undo",
      next: old
    }))
    out.steps = { ...out.steps, undo: { type: "succeed" } }
    return {
      kind: "compensate not an action",
      definition: out,
      path: ["steps", "charge", "compensate"],
      message: "compensate to name an action step"
    }
  },
  (d) => ({
    kind: "join beyond branches",
    definition: inFront(d, "fork", (old) => ({
      type: "parallel",
      join: 2,
      branches: [{ start: "x", steps: { x: { type: "succeed" } } }],
      next: old
    })),
    path: ["steps", "fork", "join"],
    message: "at most the number of branches"
  }),
  (d) => ({
    kind: "invalid cron",
    definition: { ...copy(d), triggers: [{ schedule: { cron: "61 * * * *" } }] },
    path: ["triggers", 0, "schedule", "cron"],
    message: "cron expression"
  }),
  (d) => ({
    kind: "unknown field",
    definition: inFront(
      d,
      "first",
      (old) => ({ type: "action", action: "noop", next: old, nxet: old }) as StepEncoded
    ),
    path: ["steps", "first", "nxet"],
    message: "Expected one of the fields"
  }),
  (d) => ({
    kind: "bad duration",
    definition: inFront(d, "pause", (old) => ({ type: "wait", for: "5 minutes", next: old })),
    path: ["steps", "pause", "for"],
    message: "Expected a duration"
  })
]

/** A valid definition with exactly one kind of mistake injected; validation must report it at `path`. */
export const mistakeArbitrary = (): fc.Arbitrary<Mistake> =>
  fc
    .tuple(definitionArbitrary({ maxSteps: 4, maxDepth: 1 }), fc.nat({ max: mistakes.length - 1 }))
    .map(([definition, index]) => mistakes[index]!(definition))

/** How many kinds of mistakes `mistakeArbitrary` injects. */
export const mistakeKinds = mistakes.length
