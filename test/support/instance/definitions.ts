import { Either } from "effect"
import { parse } from "yaml"
import type { WorkflowDefinitionEncoded } from "../../../src/domain/definition/format/Definition.ts"
import { publishDefinition } from "../../../src/domain/definition/PublishedDefinition.ts"
import type { PublishedDefinition } from "../../../src/domain/definition/PublishedDefinition.ts"
import { validateDefinition } from "../../../src/domain/definition/validate/validateDefinition.ts"
import { formatProblem } from "../../../src/domain/Problem.ts"

/** Schedules are not what instance tests are about: every cron and zone passes. */
const schedules = { cron: () => undefined, timeZone: () => true }

/**
 * A published definition from YAML (or an object), validated and normalized exactly as
 * publishing does, so specs run on what production runs.
 */
export const published = (source: string | WorkflowDefinitionEncoded, version = 1): PublishedDefinition => {
  const value: unknown = typeof source === "string" ? parse(source) : source
  const valid = validateDefinition(value, { schedules })
  if (Either.isLeft(valid))
    throw new Error(`Invalid test definition:\n${valid.left.map(formatProblem).join("\n")}`)
  return publishDefinition(valid.right, version)
}

/** The instance all specs run: its id and the instant commands are measured from. */
export const instanceId = "0190a6e0-0000-7000-8000-000000000001"
export const t0 = Date.parse("2026-11-21T10:00:00.000Z")
/** An instant `seconds` after t0. */
export const at = (seconds = 0): number => t0 + seconds * 1000
