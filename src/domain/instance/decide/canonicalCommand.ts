import { Either } from "effect"
import type { InstanceCommand } from "../commands/InstanceCommand.ts"
import type { InstanceRejection } from "../InstanceRejection.ts"
import { reject } from "../InstanceRejection.ts"
import type { ErrorInfo } from "../schema/ErrorInfo.ts"
import { canonicalPayload } from "../schema/Payload.ts"
import type { Json } from "../../json/Json.ts"

/**
 * The command with its payloads in canonical form (keys sorted, `-0` as `0`), or a rejection
 * when one is not storable. Commands decoded by the Schema are canonical already; this keeps
 * a command built in code (tests, the engine's own) from putting an unsorted value in a context.
 */
export const canonicalCommand = (
  command: InstanceCommand
): Either.Either<InstanceCommand, InstanceRejection> => {
  const payload = (what: string, value: Json): Json => {
    const canonical = canonicalPayload(value)
    if (Either.isLeft(canonical))
      throw reject("invalid-payload", `Expected ${what} jsonb can store, but ${canonical.left}`)
    return canonical.right
  }
  const error = (value: ErrorInfo): ErrorInfo =>
    value.details === undefined ? value : { ...value, details: payload("error details", value.details) }
  try {
    switch (command._tag) {
      case "StartInstance":
        return Either.right({ ...command, input: payload("an input", command.input) })
      case "CompleteActivity":
        return Either.right({ ...command, result: payload("a result", command.result) })
      case "FailActivity":
      case "FailChild":
        return Either.right({ ...command, error: error(command.error) })
      case "SendSignal":
        return Either.right({ ...command, payload: payload("a signal payload", command.payload) })
      case "DeliverEvent":
        return Either.right({ ...command, data: payload("event data", command.data) })
      case "CompleteTask":
        return Either.right({ ...command, data: payload("form data", command.data) })
      case "CompleteChild":
        return Either.right({ ...command, output: payload("a child's output", command.output) })
      default:
        return Either.right(command)
    }
  } catch (rejection) {
    return Either.left(rejection as InstanceRejection)
  }
}
