import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fold } from "../../../src/domain/Decider.ts"
import { InstanceEvent } from "../../../src/domain/instance/events/InstanceEvent.ts"
import type { InstanceState } from "../../../src/domain/instance/state/InstanceState.ts"
import { isTerminal } from "../../../src/domain/instance/state/InstanceState.ts"
import { jsonbRoundTrip } from "../../support/jsonbRoundTrip.ts"
import { numRuns, scenarioArbitrary, simulate } from "../../support/instance/simulate.ts"

const encode = Schema.encodeSync(InstanceEvent)
const decode = Schema.decodeUnknownSync(InstanceEvent)

/** The state as text in its own key order, so a context that differs only in key order differs here. */
const snapshot = (state: InstanceState): string =>
  JSON.stringify(state, (_, value: unknown) => (value instanceof Set ? [...(value as Set<string>)] : value))

const terminalTags = new Set(["InstanceCompleted", "InstanceFailed", "InstanceCancelled"])

describe("instance invariants (DESIGN §7) over generated definitions and command sequences", () => {
  it("invariant 1: replaying the same events gives the same state, also after a jsonb round trip, and decide is deterministic", () =>
    fc.assert(
      fc.property(scenarioArbitrary(), (scenario) => {
        const trace = simulate(scenario)
        const live = snapshot(trace.state)
        expect(snapshot(fold(trace.decider, trace.events))).toBe(live)
        const stored = trace.events.map((event) => decode(jsonbRoundTrip(encode(event))))
        expect(snapshot(fold(trace.decider, stored))).toBe(live)
        for (const step of trace.steps) {
          const again = trace.decider.decide(step.command, step.before)
          expect(Either.map(again, (events) => events.map((e) => encode(e)))).toEqual(
            Either.map(step.outcome, (events) => events.map((e) => encode(e)))
          )
        }
      }),
      { numRuns }
    ))

  it("invariant 2: exactly one terminal event per instance; after it every command is rejected or decides []", () =>
    fc.assert(
      fc.property(scenarioArbitrary(), (scenario) => {
        const trace = simulate(scenario)
        const terminals = trace.events.filter((e) => terminalTags.has(e._tag))
        expect(terminals.length).toBe(isTerminal(trace.state) ? 1 : 0)
        if (terminals.length === 1) expect(terminalTags.has(trace.events.at(-1)!._tag)).toBe(true)
        for (const step of trace.steps.filter((s) => isTerminal(s.before)))
          if (Either.isRight(step.outcome)) expect(step.outcome.right).toEqual([])
      }),
      { numRuns }
    ))

  it("invariant 8: the same commandId never produces events twice", () =>
    fc.assert(
      fc.property(scenarioArbitrary(), (scenario) => {
        const trace = simulate(scenario)
        const seen = new Set<string>()
        for (const step of trace.steps) {
          if (Either.isRight(step.outcome) && step.outcome.right.length > 0) {
            expect(seen.has(step.command.commandId)).toBe(false)
            seen.add(step.command.commandId)
            for (const state of [step.after, trace.state]) {
              const again = trace.decider.decide(step.command, state)
              if (Either.isRight(again)) expect(again.right).toEqual([])
            }
          }
        }
      }),
      { numRuns }
    ))

  it("invariant 10: every decision leaves the instance ended, in incident, or waiting on something outside, within its budgets", () =>
    fc.assert(
      fc.property(scenarioArbitrary(), (scenario) => {
        const trace = simulate(scenario)
        const limits = trace.definition.definition.limits
        for (const step of trace.steps) {
          if (Either.isLeft(step.outcome)) {
            expect(step.outcome.left.message).toMatch(/^Expected .+, but /)
            continue
          }
          const state = step.after
          expect(state.agenda).toEqual([])
          expect(state.events).toBeLessThanOrEqual(limits.maxEvents)
          if (isTerminal(state) || state.status === "incident") continue
          const waiting = state.threads.map((thread) => thread.at.kind)
          for (const kind of waiting)
            expect(["activity", "wait", "task", "child", "parallel", "map", "done", "incident"]).toContain(
              kind
            )
          if (state.ending !== undefined) expect(state.ending.current).toBeDefined()
        }
      }),
      { numRuns }
    ))
})
