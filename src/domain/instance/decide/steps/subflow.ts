import { Either } from "effect"
import type { SubflowStep } from "../../../definition/compile/CompiledDefinition.ts"
import { renderTemplate } from "../../../expressions/template.ts"
import type { Thread } from "../../state/InstanceState.ts"
import { childInstanceId, outboxCommandIds } from "../../derivedIds.ts"
import { timerIds } from "../../tokens.ts"
import { failStep } from "../failure.ts"
import type { Session } from "../Session.ts"
import { bindingsFor, emit, storable } from "../Session.ts"

/**
 * Requests a child instance: its id is derived (UUIDv7 from `at` and a hash of this instance and
 * the token), and the request is an outbox row the engine delivers to the child's stream.
 */
export const enterSubflow = (s: Session, thread: Thread, token: string, step: SubflowStep): void => {
  const input =
    step.input === undefined
      ? Either.right({})
      : storable(
          `Step ${step.name}, input`,
          Either.flatMap(step.input, (template) =>
            Either.mapLeft(
              renderTemplate(template, bindingsFor(s, thread, step.uses)),
              (error) => error.message
            )
          )
        )
  if (Either.isLeft(input)) return failStep(s, token, step.name, input.left, s.definition.retry.onExhausted)
  const child = childInstanceId(s.state.instanceId, token, s.at)
  emit(s, {
    _tag: "ChildStartRequested",
    token,
    step: step.name,
    childInstanceId: child,
    workflow: step.workflow,
    ...(step.version === undefined ? {} : { version: step.version }),
    input: input.right,
    priority: s.state.priority,
    commandId: outboxCommandIds.startChild(child),
    at: s.at
  })
  if (step.timeoutMs !== undefined)
    emit(s, {
      _tag: "TimerScheduled",
      timerId: timerIds.timeout(token),
      purpose: "subflow-timeout",
      token,
      dueAt: s.at + step.timeoutMs,
      at: s.at
    })
}
