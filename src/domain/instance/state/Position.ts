import type { Json } from "../../json/Json.ts"
import type { JoinRule } from "../events/parallel.ts"
import type { WaitFor } from "../events/wait.ts"
import type { ErrorInfo, OnExhausted } from "../schema/ErrorInfo.ts"

/** Where a thread stands: the step its token is on and what that step waits for. */
export type Position =
  | { readonly kind: "ready"; readonly token: string; readonly step: string }
  | {
      readonly kind: "failed"
      readonly token: string
      readonly step: string
      readonly error: ErrorInfo
      readonly onExhausted: OnExhausted
      readonly attempt?: number
    }
  /** The path ended and is not yet reported to its owner. */
  | { readonly kind: "end" }
  /** Reported: a branch waiting for its join. */
  | { readonly kind: "done"; readonly outcome: "completed" | "failed" | "cancelled" }
  | ActivityPosition
  | { readonly kind: "wait"; readonly token: string; readonly step: string; readonly waitFor: WaitFor }
  | TaskPosition
  | ParallelPosition
  | MapPosition
  | {
      readonly kind: "child"
      readonly token: string
      readonly step: string
      readonly childInstanceId: string
    }
  | {
      readonly kind: "incident"
      readonly token: string
      readonly step: string
      readonly error: ErrorInfo
      readonly attempt?: number
    }

export interface ActivityPosition {
  readonly kind: "activity"
  readonly token: string
  readonly step: string
  readonly attempt: number
  /** The first attempt since the step was entered or its incident resolved. */
  readonly roundStart: number
  readonly running: boolean
}

export interface TaskPosition {
  readonly kind: "task"
  readonly token: string
  readonly step: string
  readonly role: string
  readonly assignee?: string
  readonly claimedBy?: string
  readonly outcomes: ReadonlyArray<string>
}

export interface BranchState {
  readonly scope: string
  readonly status: "running" | "completed" | "failed" | "cancelled"
  readonly error?: ErrorInfo
  readonly onExhausted?: OnExhausted
}

export interface ParallelPosition {
  readonly kind: "parallel"
  readonly token: string
  readonly step: string
  readonly join: JoinRule
  readonly branches: ReadonlyArray<BranchState>
}

export interface MapPosition {
  readonly kind: "map"
  readonly token: string
  readonly step: string
  readonly items: ReadonlyArray<Json>
  readonly concurrency: number
  readonly output: string | undefined
  /** Items started so far (they start in item order). */
  readonly started: number
  readonly running: ReadonlyArray<number>
  readonly results: ReadonlyArray<Json | undefined>
  readonly completed: number
}
