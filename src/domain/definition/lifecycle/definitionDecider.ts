import type { Decider } from "../../Decider.ts"
import type { ValidationEnvironment } from "../validate/validateDefinition.ts"
import type { DefinitionCommand } from "./DefinitionCommand.ts"
import type { DefinitionEvent } from "./DefinitionEvent.ts"
import type { DefinitionRejection } from "./DefinitionRejection.ts"
import { evolveDefinition, initialDefinitionState, type DefinitionState } from "./DefinitionState.ts"
import { decideDefinition } from "./decideDefinition.ts"

/**
 * The decider of a definition stream (`<tenant>/d/<name>`). Validation needs the schedule
 * checks (cron, time zones) from outside the domain, so the decider is made with them.
 */
export const definitionDecider = (
  environment: ValidationEnvironment
): Decider<DefinitionCommand, DefinitionEvent, DefinitionState, DefinitionRejection> => ({
  initialState: initialDefinitionState,
  decide: decideDefinition(environment),
  evolve: evolveDefinition
})
