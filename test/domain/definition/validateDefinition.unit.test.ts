import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { validateDefinition } from "../../../src/domain/definition/validate/validateDefinition.ts"
import { formatProblem } from "../../../src/domain/Problem.ts"
import { cronerScheduleChecks } from "../../../src/infra/schedule/cronerScheduleChecks.ts"

const environment = { schedules: cronerScheduleChecks }
const problemsOf = (definition: unknown) =>
  Either.match(validateDefinition(definition, environment), {
    onLeft: (p) => p.map(formatProblem),
    onRight: () => []
  })

/** A chain of `n` noop actions ending in a succeed step. */
const chain = (n: number) => ({
  name: "long",
  start: "s0",
  steps: Object.fromEntries([
    ...Array.from({ length: n }, (_, i) => [
      `s${i}`,
      { type: "action", action: "noop", next: i + 1 < n ? `s${i + 1}` : "end" }
    ]),
    ["end", { type: "succeed" }]
  ])
})

describe("validateDefinition", () => {
  it("validates a 10,000-step graph", () => {
    expect(problemsOf(chain(10_000))).toEqual([])
  })

  it("finds the one broken link of a 10,000-step graph, and what it cuts off", () => {
    const definition = chain(10_000)
    ;(definition.steps["s5000"] as { next: string }).next = "nowhere"
    const problems = problemsOf(definition)
    expect(problems[0]).toBe(
      'steps.s5000.next: Expected next to name a step of this graph, but there is no step "nowhere"'
    )
    expect(problems).toContain(
      'steps.s5001: Expected every step to be reachable from start, but nothing leads to "s5001"'
    )
    expect(problems).toContain(
      'steps.s0: Expected a way from "s0" to an end (succeed, fail, or a step without next), but every path from it loops forever'
    )
  })

  it("refuses parallel and map steps nested deeper than 16", () => {
    let graph: object = { start: "x", steps: { x: { type: "succeed" } } }
    for (let depth = 0; depth < 17; depth++)
      graph = { start: "p", steps: { p: { type: "parallel", branches: [graph] } } }
    const problems = problemsOf({ name: "deep", ...graph })
    expect(problems).toEqual([
      `steps.p${".branches[0].steps.p".repeat(16)}: Expected parallel and map steps nested at most 16 deep, but this one is 17 deep`
    ])
  })

  it("counts a human step in a loop once toward its path's weight", () => {
    const looped = (weights: ReadonlyArray<number>) => ({
      name: "loop",
      start: "h0",
      steps: {
        ...Object.fromEntries(
          weights.map((weight, i) => [
            `h${i}`,
            { type: "human", role: "r", weight, next: i + 1 < weights.length ? `h${i + 1}` : "again" }
          ])
        ),
        again: { type: "choice", choices: [{ when: "context.n < 3.0", next: "h0" }], otherwise: "done" },
        done: { type: "succeed" }
      }
    })
    expect(problemsOf(looped([0.6]))).toEqual([])
    expect(problemsOf(looped([0.5, 0.3]))).toEqual([])
    expect(problemsOf(looped([0.5, 0.6]))).toEqual([
      'steps.h1.weight: Expected the human-step weights along any path to sum to at most 1, but the path through "h0" (0.5), "h1" (0.6) sums to 1.1'
    ])
  })

  it("takes the heaviest branch of a parallel step, not the sum of branches", () => {
    const branch = (weight: number) => ({ start: "h", steps: { h: { type: "human", role: "r", weight } } })
    const definition = (first: number) => ({
      name: "side-by-side",
      start: "first",
      steps: {
        first: { type: "human", role: "r", weight: first, next: "fork" },
        fork: { type: "parallel", branches: [branch(0.5), branch(0.4)] }
      }
    })
    expect(problemsOf(definition(0.5))).toEqual([])
    expect(problemsOf(definition(0.6))).toHaveLength(1)
  })

  it("does not follow a compensation's next", () => {
    const problems = problemsOf({
      name: "comp",
      start: "charge",
      steps: {
        charge: { type: "action", action: "charge", compensate: "refund", next: "done" },
        refund: { type: "action", action: "refund", next: "notify" },
        notify: { type: "action", action: "notify" },
        done: { type: "succeed" }
      }
    })
    expect(problems).toEqual([
      'steps.notify: Expected every step to be reachable from start, but nothing leads to "notify"'
    ])
  })

  it("counts the onError step as reachable", () => {
    expect(
      problemsOf({
        name: "rescue",
        onError: "cleanup",
        start: "work",
        steps: {
          work: { type: "action", action: "noop" },
          cleanup: { type: "action", action: "notify", next: "failed" },
          failed: { type: "fail", error: { type: "Failed" } }
        }
      })
    ).toEqual([])
  })

  it("binds error on the paths after a catch or onError, and only there", () => {
    const definition = (next: string) => ({
      name: "caught",
      onError: "report",
      start: "charge",
      steps: {
        charge: {
          type: "action",
          action: "charge",
          catch: [{ errors: ["Declined"], next: "declined" }],
          next
        },
        declined: { type: "fail", error: { type: "Declined", message: "${error.message}" } },
        report: { type: "action", action: "log", with: { message: "${error.type}" }, next: "failed" },
        failed: { type: "fail", error: { type: "Failed" } },
        done: { type: "succeed", output: { why: "${error.type}" } }
      }
    })
    expect(problemsOf(definition("declined"))).toEqual([
      'steps.done: Expected every step to be reachable from start, but nothing leads to "done"',
      "steps.done.output.why: Expected only the variables context, input, instance or now here, but the expression reads error"
    ])
  })

  it("binds result in a compensation's with, and only there", () => {
    expect(
      problemsOf({
        name: "undo",
        start: "charge",
        steps: {
          charge: { type: "action", action: "charge", compensate: "refund", next: "ship" },
          ship: { type: "action", action: "ship", with: { payment: "${result.id}" } },
          refund: { type: "action", action: "refund", with: { payment: "${result.id}" } }
        }
      })
    ).toEqual([
      "steps.ship.with.payment: Expected only the variables context, input, instance or now here, but the expression reads result"
    ])
  })

  it("lets a choice without otherwise end its path when no condition holds", () => {
    expect(
      problemsOf({
        name: "maybe",
        start: "check",
        steps: {
          check: { type: "choice", choices: [{ when: "input.go", next: "work" }] },
          work: { type: "action", action: "noop" }
        }
      })
    ).toEqual([])
  })

  it("refuses an expression over the size limit with a problem, not an exception", () => {
    const when = Array(2000).fill("input.a").join(" || ")
    const problems = problemsOf({
      name: "huge",
      start: "c",
      steps: { c: { type: "choice", choices: [{ when, next: "d" }], otherwise: "d" }, d: { type: "succeed" } }
    })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^steps\.c\.choices\[0\]\.when: Expected /)
  })

  it("refuses a deeply nested expression with a problem, not a stack overflow", () => {
    const when = `${"(".repeat(5000)}input.a${")".repeat(5000)}`
    const problems = problemsOf({
      name: "nested",
      start: "c",
      steps: { c: { type: "choice", choices: [{ when, next: "d" }], otherwise: "d" }, d: { type: "succeed" } }
    })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^steps\.c\.choices\[0\]\.when: Expected /)
  })

  it("refuses a regular expression RE2 cannot run, and accepts a catastrophic-looking one RE2 runs in linear time", () => {
    const definition = (pattern: string) => ({
      name: "regex",
      start: "c",
      steps: {
        c: {
          type: "choice",
          choices: [{ when: `input.name.matches(r'${pattern}')`, next: "d" }],
          otherwise: "d"
        },
        d: { type: "succeed" }
      }
    })
    expect(problemsOf(definition("(a+)+$"))).toEqual([])
    const refused = problemsOf(definition("(a)\\1"))
    expect(refused).toHaveLength(1)
    expect(refused[0]).toContain("RE2")
  })

  it("gives problems without positions when the definition did not come from text", () => {
    const result = validateDefinition(
      { name: "x", start: "nope", steps: { a: { type: "succeed" } } },
      environment
    )
    expect(Either.isLeft(result) && result.left.every((p) => p.line === undefined)).toBe(true)
  })
})
