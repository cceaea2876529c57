import { Either } from "effect"
import { schemaValueProblems } from "../../../definition/jsonSchema/validateJson.ts"
import type { PublishedDefinition } from "../../../definition/PublishedDefinition.ts"
import { maxInputDepth, validateStartInput } from "../../../definition/validateStartInput.ts"
import type { Json, JsonObject } from "../../../json/Json.ts"
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
  if (!fitsSchema(definition.published, command.input)) {
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

/**
 * Whether the input passes validateStartInput — answered cheaply. The input is canonical here
 * (decide canonicalizes payloads before any handler: no -0, NUL, lone surrogate, reserved key or
 * non-JSON value is left), so of validateStartInput's checks only the depth and the schema can
 * fail; when either does, validateStartInput runs after all and words the problems.
 */
const fitsSchema = (published: PublishedDefinition, input: Json): boolean =>
  nestedWithin(input, maxInputDepth, 0) &&
  schemaValueProblems(published.definition.input, input, ["input"]).length === 0

/** No value in `value` lies deeper than `max` (the root is at depth 0), as jsonbProblems counts. */
const nestedWithin = (value: Json, max: number, depth: number): boolean => {
  if (depth > max) return false
  if (value === null || typeof value !== "object") return true
  if (Array.isArray(value)) {
    for (const item of value as ReadonlyArray<Json>) if (!nestedWithin(item, max, depth + 1)) return false
    return true
  }
  for (const key in value) if (!nestedWithin((value as JsonObject)[key] as Json, max, depth + 1)) return false
  return true
}
