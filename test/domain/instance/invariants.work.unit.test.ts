import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { compileDefinition } from "../../../src/domain/definition/compile/compileDefinition.ts"
import type { InstanceEvent } from "../../../src/domain/instance/events/InstanceEvent.ts"
import { isTerminal } from "../../../src/domain/instance/state/InstanceState.ts"
import { numRuns, scenarioArbitrary, simulate } from "../../support/instance/simulate.ts"
import { graphOfToken } from "../../support/instance/tokens.ts"

const stepName = (token: string) => token.slice(token.lastIndexOf("/") + 1, token.lastIndexOf("#"))

describe("instance invariants (DESIGN §7) over generated definitions and command sequences", () => {
  it("invariant 3: a step never runs more than maxAttempts, and retry delays follow the policy", () =>
    fc.assert(
      fc.property(scenarioArbitrary(), (scenario) => {
        const trace = simulate(scenario)
        const compiled = compileDefinition(trace.definition)
        const roundStart = new Map<string, number>()
        const policyOf = (token: string) => {
          const step = compiled.graphs.get(graphOfToken(token))?.steps.get(stepName(token))
          if (step?.kind !== "action")
            throw new Error(`Expected an action at ${token}, but found ${step?.kind}`)
          return step.retry
        }
        for (const event of trace.events) {
          if (event._tag === "IncidentResolved") roundStart.set(event.token, Number.NaN)
          if (event._tag === "ActivityScheduled") {
            const start = roundStart.get(event.activityId)
            if (start === undefined || Number.isNaN(start)) roundStart.set(event.activityId, event.attempt)
            const made = event.attempt - (roundStart.get(event.activityId) ?? event.attempt) + 1
            expect(made).toBeLessThanOrEqual(policyOf(event.token).maxAttempts)
          }
          if (event._tag === "TimerScheduled" && event.purpose === "retry" && event.token !== undefined) {
            const policy = policyOf(event.token)
            const next = Number(event.timerId.slice(event.timerId.lastIndexOf("/") + 1))
            const made = next - 1 - (roundStart.get(event.token) ?? 1) + 1
            const base = Math.min(policy.initialMs * policy.coefficient ** (made - 1), policy.maxMs)
            const delay = event.dueAt - event.at
            expect(delay).toBeLessThanOrEqual(Math.round(base))
            expect(delay).toBeGreaterThanOrEqual(Math.round(base * (1 - policy.jitter)) - 1)
          }
        }
      }),
      { numRuns }
    ))

  it("invariant 4: a timer fires at most once, never before it is due, never after it was cancelled", () =>
    fc.assert(
      fc.property(scenarioArbitrary(), (scenario) => {
        const trace = simulate(scenario)
        const timers = new Map<string, { dueAt: number; state: "pending" | "fired" | "cancelled" }>()
        for (const event of trace.events) {
          if (event._tag === "TimerScheduled") {
            expect(timers.has(event.timerId)).toBe(false)
            timers.set(event.timerId, { dueAt: event.dueAt, state: "pending" })
          } else if (event._tag === "TimerFired" || event._tag === "TimerCancelled") {
            const timer = timers.get(event.timerId)
            expect(timer?.state).toBe("pending")
            if (event._tag === "TimerFired") expect(event.at).toBeGreaterThanOrEqual(timer!.dueAt)
            timers.set(event.timerId, {
              dueAt: timer!.dueAt,
              state: event._tag === "TimerFired" ? "fired" : "cancelled"
            })
          }
        }
        for (const step of trace.steps)
          if (
            step.command._tag === "FireTimer" &&
            Either.isRight(step.outcome) &&
            step.outcome.right.length > 0
          )
            expect(step.before.timers[step.command.timerId]).toBeDefined()
        // An ended instance leaves no timer behind.
        if (isTerminal(trace.state))
          expect([...timers.values()].filter((t) => t.state === "pending")).toEqual([])
      }),
      { numRuns }
    ))

  it("invariant 5: an activity attempt completes at most once; stale completions change nothing", () =>
    fc.assert(
      fc.property(scenarioArbitrary(), (scenario) => {
        const trace = simulate(scenario)
        const outcomes = new Set<string>()
        for (const event of trace.events)
          if (
            event._tag === "ActivityCompleted" ||
            event._tag === "ActivityFailed" ||
            event._tag === "ActivityCancelled"
          ) {
            const key = `${event.activityId}@${event.attempt}`
            expect(outcomes.has(key)).toBe(false)
            outcomes.add(key)
          }
        for (const step of trace.steps) {
          const command = step.command
          if (
            command._tag !== "CompleteActivity" &&
            command._tag !== "FailActivity" &&
            command._tag !== "TimeOutActivity"
          )
            continue
          const pending = [
            ...step.before.threads.flatMap((t) =>
              t.at.kind === "activity" && t.at.running ? [`${t.at.token}@${t.at.attempt}`] : []
            ),
            ...(step.before.ending?.current?.running === true
              ? [`${step.before.ending.current.token}@${step.before.ending.current.attempt}`]
              : [])
          ]
          if (!pending.includes(`${command.activityId}@${command.attempt}`)) {
            if (Either.isRight(step.outcome)) expect(step.outcome.right).toEqual([])
            expect(step.after).toBe(step.before)
          }
        }
      }),
      { numRuns }
    ))

  it("invariant 6: a signal or event sent before its wait is kept, not lost", () =>
    fc.assert(
      fc.property(scenarioArbitrary(), (scenario) => {
        const trace = simulate(scenario)
        const fate = new Map<string, string>()
        for (const event of trace.events) {
          if (event._tag === "MessageBuffered") fate.set(event.messageId, "buffered")
          if (event._tag === "WaitCompleted" && event.messageId !== undefined && fate.has(event.messageId))
            fate.set(event.messageId, "consumed")
          if (event._tag === "MessagesExpired") for (const id of event.messageIds) fate.set(id, "expired")
        }
        const kept = new Set(trace.state.buffer.map((m) => m.messageId))
        for (const [id, what] of fate)
          if (what === "buffered")
            expect(kept.has(id) || isTerminal(trace.state) || trace.state.ending !== undefined).toBe(true)
        // After every decision, no path waits for a message the buffer holds and has not expired.
        for (const step of trace.steps) {
          const state = step.after
          for (const thread of state.threads) {
            if (thread.at.kind !== "wait" || thread.at.waitFor.kind === "time") continue
            const waitFor = thread.at.waitFor
            const satisfied = state.buffer.some(
              (m) =>
                m.expiresAt > state.updatedAt &&
                (waitFor.kind === "signal"
                  ? m.kind === "signal" && m.name === waitFor.name
                  : m.kind === "event" && m.name === waitFor.type && m.correlation === waitFor.correlation)
            )
            expect(satisfied).toBe(false)
          }
        }
      }),
      { numRuns }
    ))

  it("invariant 7: a join fires exactly once and its losing branches are cancelled", () =>
    fc.assert(
      fc.property(scenarioArbitrary(), (scenario) => {
        const trace = simulate(scenario)
        const forks = new Map<
          string,
          { join: "all" | "any" | number; branches: number; settled: Set<number>; decided: number }
        >()
        const losers: Array<string> = []
        trace.events.forEach((event: InstanceEvent) => {
          const touched =
            "token" in event
              ? event.token
              : "activityId" in event
                ? event.activityId
                : "taskId" in event
                  ? event.taskId
                  : undefined
          if (touched !== undefined)
            for (const scope of losers) expect(touched.startsWith(`${scope}/`)).toBe(false)
          if (event._tag === "ParallelStarted")
            forks.set(event.token, {
              join: event.join,
              branches: event.branches.length,
              settled: new Set(),
              decided: 0
            })
          const fork = "token" in event ? forks.get(event.token) : undefined
          if (fork === undefined) return
          if (event._tag === "BranchCancelled" || event._tag === "BranchFailed")
            fork.settled.add(event.branch)
          if (event._tag === "ParallelJoined") {
            fork.decided += 1
            const need = fork.join === "all" ? fork.branches : fork.join === "any" ? 1 : fork.join
            expect(event.merged.length).toBe(need)
            for (let branch = 0; branch < fork.branches; branch++)
              if (!event.merged.includes(branch)) {
                expect(fork.settled.has(branch)).toBe(true)
                losers.push(`${event.token}/b${branch}`)
              }
          }
          if (event._tag === "StepFailed" && forks.has(event.token)) fork.decided += 1
          expect(fork.decided).toBeLessThanOrEqual(1)
        })
      }),
      { numRuns }
    ))
})
