import { Either } from "effect"
import type { WaitStep } from "../../../definition/compile/CompiledDefinition.ts"
import { evaluate } from "../../../expressions/evaluate.ts"
import { renderTemplate } from "../../../expressions/template.ts"
import type { Json } from "../../../json/Json.ts"
import type { WaitFor } from "../../events/wait.ts"
import type { ErrorInfo } from "../../schema/ErrorInfo.ts"
import type { Thread } from "../../state/InstanceState.ts"
import type { Session } from "../Session.ts"
import { bindingsFor, expressionFailure } from "../Session.ts"
import { parseUntil } from "./until.ts"

/** What a wait waits for, decided on entering it: the correlation key or the instant is computed here and recorded. */
export const waitingFor = (s: Session, thread: Thread, step: WaitStep): Either.Either<WaitFor, ErrorInfo> => {
  const mode = step.mode
  const what = `Step ${step.name}`
  switch (mode.kind) {
    case "signal":
      return Either.right({ kind: "signal", name: mode.name })
    case "for":
      return Either.right({ kind: "time", until: s.at + mode.ms })
    case "event": {
      if (mode.correlate === undefined) return Either.right({ kind: "event", type: mode.type })
      const key = Either.flatMap(mode.correlate, (expression) =>
        Either.mapLeft(evaluate(expression, bindingsFor(s, thread, step.uses)), (error) => error.message)
      )
      if (Either.isLeft(key)) return Either.left(expressionFailure(`${what}, correlate`, key.left))
      const correlation = correlationKey(key.right)
      return correlation === undefined
        ? Either.left(
            expressionFailure(
              `${what}, correlate`,
              `Expected a string, number or boolean key, but got ${JSON.stringify(key.right)}`
            )
          )
        : Either.right({ kind: "event", type: mode.type, correlation })
    }
    case "until": {
      const rendered = Either.flatMap(mode.until, (template) =>
        Either.mapLeft(renderTemplate(template, bindingsFor(s, thread, step.uses)), (error) => error.message)
      )
      if (Either.isLeft(rendered)) return Either.left(expressionFailure(`${what}, until`, rendered.left))
      const until = typeof rendered.right === "string" ? parseUntil(rendered.right) : undefined
      return until === undefined
        ? Either.left(
            expressionFailure(
              `${what}, until`,
              `Expected an RFC 3339 instant, but got ${JSON.stringify(rendered.right)}`
            )
          )
        : Either.right({ kind: "time", until })
    }
  }
}

/** A correlation key as text: strings as they are, numbers and booleans as JSON. */
const correlationKey = (value: Json): string | undefined =>
  typeof value === "string"
    ? value
    : typeof value === "number" || typeof value === "boolean"
      ? JSON.stringify(value)
      : undefined
