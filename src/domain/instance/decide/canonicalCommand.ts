import { Either } from "effect"
import type { InstanceCommand } from "../commands/InstanceCommand.ts"
import type { InstanceRejection } from "../InstanceRejection.ts"
import { reject } from "../InstanceRejection.ts"
import type { ErrorInfo } from "../schema/ErrorInfo.ts"
import { canonicalPayload } from "../schema/Payload.ts"
import type { Json } from "../../json/Json.ts"

class NotStorable {
  constructor(readonly rejection: InstanceRejection) {}
}

const payload = (what: string, value: Json): Json => {
  const canonical = canonicalPayload(value)
  if (Either.isLeft(canonical))
    throw new NotStorable(
      reject("invalid-payload", `Expected ${what} jsonb can store, but ${canonical.left}`)
    )
  return canonical.right
}

const errorPayload = (value: ErrorInfo): ErrorInfo => {
  if (value.details === undefined) return value
  const details = payload("error details", value.details)
  return details === value.details ? value : { ...value, details }
}

/** The command with one field replaced, or the command itself when the field did not change. */
const withField = <C extends InstanceCommand, K extends keyof C>(command: C, key: K, value: C[K]): C =>
  value === command[key] ? command : { ...command, [key]: value }

/**
 * The command with its payloads in canonical form (keys sorted, `-0` as `0`), or a rejection
 * when one is not storable. Commands decoded by the Schema are canonical already (and come
 * back as they are); this keeps a command built in code from putting an unsorted value in a
 * context.
 */
export const canonicalCommand = (
  command: InstanceCommand
): Either.Either<InstanceCommand, InstanceRejection> => {
  try {
    switch (command._tag) {
      case "StartInstance":
        return Either.right(withField(command, "input", payload("an input", command.input)))
      case "CompleteActivity":
        return Either.right(withField(command, "result", payload("a result", command.result)))
      case "FailActivity":
        return Either.right(withField(command, "error", errorPayload(command.error)))
      case "FailChild":
        return Either.right(withField(command, "error", errorPayload(command.error)))
      case "SendSignal":
        return Either.right(withField(command, "payload", payload("a signal payload", command.payload)))
      case "DeliverEvent":
        return Either.right(withField(command, "data", payload("event data", command.data)))
      case "CompleteTask":
        return Either.right(withField(command, "data", payload("form data", command.data)))
      case "CompleteChild":
        return Either.right(withField(command, "output", payload("a child's output", command.output)))
      default:
        return Either.right(command)
    }
  } catch (error) {
    if (error instanceof NotStorable) return Either.left(error.rejection)
    throw error
  }
}
