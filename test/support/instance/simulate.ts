import { Either } from "effect"
import fc from "fast-check"
import type { PublishedDefinition } from "../../../src/domain/definition/PublishedDefinition.ts"
import type { InstanceCommand } from "../../../src/domain/instance/commands/InstanceCommand.ts"
import type { InstanceEvent } from "../../../src/domain/instance/events/InstanceEvent.ts"
import type { InstanceRejection } from "../../../src/domain/instance/InstanceRejection.ts"
import { instanceDecider, type InstanceDecider } from "../../../src/domain/instance/instanceDecider.ts"
import type { InstanceState } from "../../../src/domain/instance/state/InstanceState.ts"
import type { Json } from "../../../src/domain/json/Json.ts"
import { definitionArbitrary, startInputArbitrary, type Definition } from "../arbitraries/definition.ts"
import { nextCommand, startCommand, type Choice, type DriverContext } from "./driver.ts"
import { published, t0 } from "./definitions.ts"

/** One decision of a simulated run: the command, the state before, and the events or the rejection. */
export interface Step {
  readonly command: InstanceCommand
  readonly before: InstanceState
  readonly outcome: Either.Either<ReadonlyArray<InstanceEvent>, InstanceRejection>
  readonly after: InstanceState
}

export interface Trace {
  readonly definition: PublishedDefinition
  readonly decider: InstanceDecider
  readonly steps: ReadonlyArray<Step>
  readonly events: ReadonlyArray<InstanceEvent>
  readonly state: InstanceState
}

export interface Scenario {
  readonly source: Definition
  readonly input: Json
  readonly choices: ReadonlyArray<Choice>
}

const decided = new WeakMap<Scenario, Trace>()

/** Runs a scenario: a start, then one command per choice, each decided and folded (cached per scenario). */
export const simulate = (scenario: Scenario): Trace => {
  const cached = decided.get(scenario)
  if (cached !== undefined) return cached
  const definition = published(scenario.source)
  const decider = instanceDecider(definition)
  const ctx: DriverContext = { input: scenario.input, now: t0, serial: 0, history: [] }
  const steps: Array<Step> = []
  const events: Array<InstanceEvent> = []
  let state = decider.initialState
  const apply = (command: InstanceCommand) => {
    const outcome = decider.decide(command, state)
    const before = state
    if (Either.isRight(outcome)) {
      for (const event of outcome.right) {
        events.push(event)
        state = decider.evolve(state, event)
      }
      ctx.history.push(command)
    }
    steps.push({ command, before, outcome, after: state })
  }
  apply(startCommand(ctx, definition.name))
  let afterEnd = 0
  for (const choice of scenario.choices) {
    // A few commands after the end show it absorbs them; more would only slow the run down.
    if (state.status === "completed" || state.status === "failed" || state.status === "cancelled")
      if (++afterEnd > 4) break
    apply(nextCommand(state, choice, ctx))
  }
  const trace = { definition, decider, steps, events, state }
  decided.set(scenario, trace)
  return trace
}

/** A readable line per command and what it decided: the counterexample fast-check prints. */
export const describeTrace = (trace: Trace): string =>
  trace.steps
    .map(({ command, outcome }, index) => {
      const { _tag, commandId: _id, at, ...rest } = command as InstanceCommand & Record<string, unknown>
      const result = Either.isLeft(outcome)
        ? `rejected: ${outcome.left.message}`
        : outcome.right.length === 0
          ? "[]"
          : outcome.right.map((e) => e._tag).join(", ")
      return `${index}. +${(at - t0) / 1000}s ${_tag} ${JSON.stringify(rest)} -> ${result}`
    })
    .join("\n")

const choice: fc.Arbitrary<Choice> = fc.record({
  kind: fc.nat({ max: 99 }),
  pick: fc.nat({ max: 1 << 20 }),
  dt: fc.oneof(fc.constant(0), fc.nat({ max: 120 }), fc.nat({ max: 86_400 }))
})

/**
 * Scenarios over generated definitions (every step kind, nested parallel and map, loops through
 * choices) and generated command sequences. A scenario prints as its definition and the
 * commands it drives, with what each decided.
 */
export const scenarioArbitrary = (options: { maxCommands?: number } = {}): fc.Arbitrary<Scenario> =>
  fc
    .record({
      source: definitionArbitrary({ maxSteps: 4, maxDepth: 2 }),
      input: startInputArbitrary as fc.Arbitrary<Json>,
      choices: fc.array(choice, { maxLength: options.maxCommands ?? 40 })
    })
    .map((scenario) =>
      Object.assign(scenario, {
        [fc.toStringMethod]: () =>
          `definition: ${JSON.stringify(scenario.source)}\ninput: ${JSON.stringify(scenario.input)}\n${describeTrace(simulate(scenario))}`
      })
    )

/** Runs per property: 1,000 in CI (DESIGN §7), fewer locally. */
export const numRuns = process.env["CI"] === undefined ? 150 : 1000
