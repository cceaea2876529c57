import type { PathSegment, Problem } from "../../Problem.ts"
import type { Step } from "../format/Step.ts"

type WaitStep = Extract<Step, { type: "wait" }>

const waitModes = ["signal", "event", "for", "until"] as const

/** A wait does exactly one thing: a signal, an event (matched by `correlate`), a sleep `for` or `until`. */
const waitProblems = (step: WaitStep, path: ReadonlyArray<PathSegment>): ReadonlyArray<Problem> => {
  const problems: Array<Problem> = []
  const modes = waitModes.filter((mode) => step[mode] !== undefined)
  if (modes.length !== 1)
    problems.push({
      path,
      message: `Expected exactly one of signal, event, for or until on a wait step, but it has ${modes.length === 0 ? "none" : modes.join(" and ")}`
    })
  if (step.event !== undefined && step.correlate === undefined)
    problems.push({
      path: [...path, "correlate"],
      message: "Expected correlate (the key an incoming event must carry) on an event wait, but it is missing"
    })
  if (step.event === undefined && step.correlate !== undefined)
    problems.push({
      path: [...path, "correlate"],
      message: "Expected correlate only on an event wait, but this wait has no event"
    })
  const sleeps = step.for !== undefined || step.until !== undefined
  if (sleeps && step.timeout !== undefined)
    problems.push({
      path: [...path, "timeout"],
      message: "Expected timeout only on a signal or event wait, but this wait sleeps (for or until)"
    })
  if (sleeps && step.into !== undefined)
    problems.push({
      path: [...path, "into"],
      message: "Expected into only on a signal or event wait (it receives the payload), but this wait sleeps"
    })
  if (step.onTimeout !== undefined && step.timeout === undefined)
    problems.push({
      path: [...path, "onTimeout"],
      message: "Expected onTimeout only with a timeout, but this wait has no timeout"
    })
  return problems
}

/** Rules of single steps that the format's Schemas cannot express. */
export const stepProblems = (step: Step, path: ReadonlyArray<PathSegment>): ReadonlyArray<Problem> => {
  switch (step.type) {
    case "wait":
      return waitProblems(step, path)
    case "human": {
      const problems: Array<Problem> = []
      if (step.due !== undefined && step.weight !== undefined)
        problems.push({
          path: [...path, "weight"],
          message: "Expected either due (a fixed time) or weight (a share of the SLA), but the step has both"
        })
      if (step.next !== undefined && Object.keys(step.outcomes ?? {}).length > 0)
        problems.push({
          path: [...path, "next"],
          message:
            "Expected either outcomes or next on a human step (with outcomes, each names where it leads), but it has both"
        })
      return problems
    }
    case "parallel": {
      const problems: Array<Problem> = []
      if (typeof step.join === "number" && step.join > step.branches.length)
        problems.push({
          path: [...path, "join"],
          message: `Expected join to be at most the number of branches (${step.branches.length}), but got ${step.join}`
        })
      const seen = new Set<string>()
      step.branches.forEach((branch, index) => {
        if (branch.name === undefined) return
        if (seen.has(branch.name))
          problems.push({
            path: [...path, "branches", index, "name"],
            message: `Expected unique branch names, but "${branch.name}" appears again`
          })
        seen.add(branch.name)
      })
      return problems
    }
    default:
      return []
  }
}
