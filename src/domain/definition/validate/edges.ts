import type { PathSegment } from "../../Problem.ts"
import type { Catch, Step } from "../format/Step.ts"

/**
 * A transition from a step to another step of its scope. Every kind counts for reachability;
 * `compensate` does not carry control onward (a compensation's own `next` is never followed).
 */
export interface Edge {
  readonly kind: "next" | "choice" | "otherwise" | "catch" | "onTimeout" | "outcome" | "compensate"
  readonly target: string
  /** Where the target is named, relative to the step. */
  readonly path: ReadonlyArray<PathSegment>
}

const catchEdges = (catchers: ReadonlyArray<Catch> | undefined): ReadonlyArray<Edge> =>
  (catchers ?? []).map((c, index) => ({ kind: "catch", target: c.next, path: ["catch", index, "next"] }))

const nextEdge = (next: string | undefined): ReadonlyArray<Edge> =>
  next === undefined ? [] : [{ kind: "next", target: next, path: ["next"] }]

/** The outgoing edges of a step, in the order its fields name them. */
export const edgesOf = (step: Step): ReadonlyArray<Edge> => {
  switch (step.type) {
    case "action":
      return [
        ...nextEdge(step.next),
        ...catchEdges(step.catch),
        ...(step.compensate === undefined
          ? []
          : [{ kind: "compensate" as const, target: step.compensate, path: ["compensate"] }])
      ]
    case "choice":
      return [
        ...step.choices.map((choice, index): Edge => ({
          kind: "choice",
          target: choice.next,
          path: ["choices", index, "next"]
        })),
        ...(step.otherwise === undefined
          ? []
          : [{ kind: "otherwise" as const, target: step.otherwise, path: ["otherwise"] }])
      ]
    case "wait":
      return [
        ...nextEdge(step.next),
        ...(step.onTimeout === undefined
          ? []
          : [{ kind: "onTimeout" as const, target: step.onTimeout, path: ["onTimeout"] }])
      ]
    case "human":
      return [
        ...nextEdge(step.next),
        ...Object.entries(step.outcomes ?? {}).map(([outcome, target]): Edge => ({
          kind: "outcome",
          target,
          path: ["outcomes", outcome]
        }))
      ]
    case "parallel":
    case "map":
    case "subflow":
      return [...nextEdge(step.next), ...catchEdges(step.catch)]
    case "succeed":
    case "fail":
      return []
  }
}

/**
 * Whether a step can end its path: it has nowhere it must go next. A choice without `otherwise`
 * ends its path when no condition holds.
 */
export const canEnd = (step: Step): boolean => {
  switch (step.type) {
    case "succeed":
    case "fail":
      return true
    case "choice":
      return step.otherwise === undefined
    case "human":
      return step.next === undefined && Object.keys(step.outcomes ?? {}).length === 0
    default:
      return step.next === undefined
  }
}

/** Steps that wait for time or people, and so may transition to themselves. */
export const waitsOutside = (step: Step): boolean => step.type === "wait" || step.type === "human"
