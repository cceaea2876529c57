import { Either } from "effect"
import type { WorkflowDefinitionEncoded } from "../../../src/domain/definition/format/Definition.ts"
import { published } from "./definitions.ts"
import { fold } from "../../../src/domain/Decider.ts"
import type { InstanceCommand } from "../../../src/domain/instance/commands/InstanceCommand.ts"
import type { InstanceEvent } from "../../../src/domain/instance/events/InstanceEvent.ts"
import { instanceDecider, type InstanceDecider } from "../../../src/domain/instance/instanceDecider.ts"
import type { InstanceState } from "../../../src/domain/instance/state/InstanceState.ts"
import { DeciderSpec } from "../DeciderSpec.ts"

export { at, instanceId, published, t0 } from "./definitions.ts"
import { InstanceEvent as InstanceEventSchema } from "../../../src/domain/instance/events/InstanceEvent.ts"

/** A decider with its spec helper: `given(events).when(command).then(events)`. */
export const deciderFor = (source: string | WorkflowDefinitionEncoded) => {
  const definition = published(source)
  const decider = instanceDecider(definition)
  return { definition, decider, given: DeciderSpec.for(decider, InstanceEventSchema) }
}

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
