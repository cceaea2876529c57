import type { WorkflowDefinitionEncoded } from "../../../src/domain/definition/format/Definition.ts"
import { InstanceEvent } from "../../../src/domain/instance/events/InstanceEvent.ts"
import { instanceDecider } from "../../../src/domain/instance/instanceDecider.ts"
import { DeciderSpec } from "../DeciderSpec.ts"
import { published } from "./definitions.ts"

export { at, instanceId, lastDecision, published, run, t0 } from "./definitions.ts"

/** A decider with its spec helper: `given(events).when(command).then(events)`. */
export const deciderFor = (source: string | WorkflowDefinitionEncoded) => {
  const definition = published(source)
  const decider = instanceDecider(definition)
  return { definition, decider, given: DeciderSpec.for(decider, InstanceEvent) }
}
