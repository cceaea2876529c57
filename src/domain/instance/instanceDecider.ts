import type { Decider } from "../Decider.ts"
import { compileDefinition } from "../definition/compile/compileDefinition.ts"
import type { PublishedDefinition } from "../definition/PublishedDefinition.ts"
import type { InstanceCommand } from "./commands/InstanceCommand.ts"
import { decideWith } from "./decide/decide.ts"
import type { InstanceEvent } from "./events/InstanceEvent.ts"
import { evolve } from "./evolve/evolve.ts"
import type { InstanceRejection } from "./InstanceRejection.ts"
import { initialState } from "./state/InstanceState.ts"
import type { InstanceState } from "./state/InstanceState.ts"

export type InstanceDecider = Decider<InstanceCommand, InstanceEvent, InstanceState, InstanceRejection>

/**
 * The decider of the instances of one published definition (DESIGN §2): the definition is
 * compiled once here; `evolve` needs nothing from it, so any version's events fold alike.
 */
export const instanceDecider = (definition: PublishedDefinition): InstanceDecider => ({
  initialState,
  decide: decideWith(compileDefinition(definition)),
  evolve
})
