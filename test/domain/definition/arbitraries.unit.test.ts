import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { validateDefinition } from "../../../src/domain/definition/validate/validateDefinition.ts"
import { cronerScheduleChecks } from "../../../src/infra/schedule/cronerScheduleChecks.ts"
import { formatProblem } from "../../../src/domain/Problem.ts"
import { definitionArbitrary } from "../../support/arbitraries/definition.ts"
import { mistakeArbitrary, mistakeKinds } from "../../support/arbitraries/definitionMistakes.ts"

const environment = { schedules: cronerScheduleChecks }

describe("generated definitions", () => {
  it("every generated definition validates clean", () => {
    fc.assert(
      fc.property(definitionArbitrary(), (definition) => {
        const result = validateDefinition(definition, environment)
        if (Either.isLeft(result)) throw new Error(result.left.map(formatProblem).join("\n"))
      }),
      { numRuns: 300 }
    )
  })

  it("covers every step kind", () => {
    const kinds = new Set(
      fc
        .sample(definitionArbitrary(), { numRuns: 200, seed: 7 })
        .flatMap((d) =>
          [
            ...JSON.stringify(d).matchAll(
              /"type":"(action|choice|wait|human|parallel|map|subflow|succeed|fail)"/g
            )
          ].map((m) => m[1])
        )
    )
    expect([...kinds].sort()).toEqual([
      "action",
      "choice",
      "fail",
      "human",
      "map",
      "parallel",
      "subflow",
      "succeed",
      "wait"
    ])
  })
})

describe("injected mistakes", () => {
  it("every single injected mistake is reported at its path", () => {
    const seen = new Set<string>()
    fc.assert(
      fc.property(mistakeArbitrary(), (mistake) => {
        seen.add(mistake.kind)
        const result = validateDefinition(mistake.definition, environment)
        if (Either.isRight(result)) throw new Error(`${mistake.kind}: validated clean`)
        const found = result.left.some(
          (problem) =>
            JSON.stringify(problem.path) === JSON.stringify(mistake.path) &&
            problem.message.includes(mistake.message)
        )
        if (!found)
          throw new Error(
            `${mistake.kind}: expected at ${JSON.stringify(mistake.path)}, got\n${result.left.map(formatProblem).join("\n")}`
          )
      }),
      { numRuns: 400 }
    )
    expect(seen.size).toBe(mistakeKinds)
  })
})
