import { Either } from "effect"
import { parse } from "yaml"
import type { WorkflowDefinitionEncoded } from "../../../src/domain/definition/format/Definition.ts"
import { publishDefinition } from "../../../src/domain/definition/PublishedDefinition.ts"
import type { PublishedDefinition } from "../../../src/domain/definition/PublishedDefinition.ts"
import { validateDefinition } from "../../../src/domain/definition/validate/validateDefinition.ts"
import { formatProblem } from "../../../src/domain/Problem.ts"
import { fold } from "../../../src/domain/Decider.ts"
import type { InstanceCommand } from "../../../src/domain/instance/commands/InstanceCommand.ts"
import type { InstanceEvent } from "../../../src/domain/instance/events/InstanceEvent.ts"
import type { InstanceDecider } from "../../../src/domain/instance/instanceDecider.ts"
import type { InstanceState } from "../../../src/domain/instance/state/InstanceState.ts"

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

/** Runs commands in order from the initial state; a rejection fails the run (use `decide` to see one). */
export const run = (
  decider: InstanceDecider,
  commands: ReadonlyArray<InstanceCommand>,
  from: ReadonlyArray<InstanceEvent> = []
): { readonly events: ReadonlyArray<InstanceEvent>; readonly state: InstanceState } => {
  const events = [...from]
  let state = fold(decider, events)
  for (const command of commands) {
    const decided = decider.decide(command, state)
    if (Either.isLeft(decided)) throw new Error(`${command._tag} rejected: ${decided.left.message}`)
    for (const event of decided.right) {
      events.push(event)
      state = decider.evolve(state, event)
    }
  }
  return { events, state }
}

/** The events of the last command of a run, for specs that check one decision. */
export const lastDecision = (
  decider: InstanceDecider,
  history: ReadonlyArray<InstanceCommand>,
  command: InstanceCommand
): ReadonlyArray<InstanceEvent> => {
  const before = run(decider, history)
  const decided = decider.decide(command, before.state)
  if (Either.isLeft(decided)) throw new Error(`${command._tag} rejected: ${decided.left.message}`)
  return decided.right
}
