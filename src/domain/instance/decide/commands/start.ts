import { Either } from "effect"
import { fitsStartInput, validateStartInput } from "../../../definition/validateStartInput.ts"
import { formatProblem } from "../../../Problem.ts"
import type { CommandOf } from "../../commands/InstanceCommand.ts"
import type { InstanceRejection } from "../../InstanceRejection.ts"
import { reject } from "../../InstanceRejection.ts"
import { timerIds, tokenIn } from "../../tokens.ts"
import type { Session } from "../Session.ts"
import { emit } from "../Session.ts"

/**
 * Starts the instance on the version the decider was made for. A repeat — the same command id,
 * or the same client id (an alias) — decides nothing; any other start of a started instance is
 * refused, as is an input that breaks the input schema.
 */
export const start = (s: Session, command: CommandOf<"StartInstance">): InstanceRejection | undefined => {
  const state = s.state
  const definition = s.definition
  if (state.status !== "new") {
    if (command.commandId === state.startCommandId) return undefined
    if (command.clientId !== undefined && command.clientId === state.clientId) return undefined
    return reject("already-started", `Expected a new instance, but ${state.instanceId} was started already`)
  }
  if (command.workflow.name !== definition.pin.name || command.workflow.version !== definition.pin.version)
    return reject(
      "wrong-workflow",
      `Expected ${definition.pin.name} version ${definition.pin.version}, but the command names ${command.workflow.name} version ${command.workflow.version}`
    )
  if (!fitsStartInput(definition.published, command.input)) {
    const valid = validateStartInput(definition.published, command.input)
    if (Either.isLeft(valid))
      return reject(
        "invalid-input",
        `Expected an input matching the input schema, but ${valid.left.map(formatProblem).join("; ")}`
      )
  }
  const root = definition.graphs.get("")
  emit(s, {
    _tag: "InstanceStarted",
    instanceId: command.instanceId,
    workflow: definition.pin,
    ...(command.clientId === undefined ? {} : { clientId: command.clientId }),
    commandId: command.commandId,
    input: command.input,
    priority: command.priority ?? "medium",
    context: definition.context,
    start: tokenIn("", root?.start ?? "", 1),
    ...(command.parent === undefined ? {} : { parent: command.parent }),
    at: s.at
  })
  if (definition.timeoutMs !== undefined)
    emit(s, {
      _tag: "TimerScheduled",
      timerId: timerIds.workflow,
      purpose: "workflow-timeout",
      dueAt: s.at + definition.timeoutMs,
      at: s.at
    })
  return undefined
}
