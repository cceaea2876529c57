import { Schema } from "effect"
import { optional } from "../../definition/format/optional.ts"
import { ErrorInfo, OnExhausted } from "../schema/ErrorInfo.ts"
import { Instant } from "../schema/Instant.ts"

export const JoinRule = Schema.Union(Schema.Literal("all", "any"), Schema.Int.pipe(Schema.positive()))
export type JoinRule = typeof JoinRule.Type

export const ParallelStarted = Schema.TaggedStruct("ParallelStarted", {
  token: Schema.String,
  step: Schema.String,
  join: JoinRule,
  branches: Schema.Array(Schema.Struct({ scope: Schema.String, start: Schema.String })),
  at: Instant
})

export const BranchCompleted = Schema.TaggedStruct("BranchCompleted", {
  token: Schema.String,
  branch: Schema.Int,
  at: Instant
})

export const BranchFailed = Schema.TaggedStruct("BranchFailed", {
  token: Schema.String,
  branch: Schema.Int,
  error: ErrorInfo,
  onExhausted: OnExhausted,
  at: Instant
})

export const BranchCancelled = Schema.TaggedStruct("BranchCancelled", {
  token: Schema.String,
  branch: Schema.Int,
  at: Instant
})

export const ParallelJoined = Schema.TaggedStruct("ParallelJoined", {
  token: Schema.String,
  step: Schema.String,
  merged: Schema.Array(Schema.Int),
  next: optional(Schema.String),
  at: Instant
})
