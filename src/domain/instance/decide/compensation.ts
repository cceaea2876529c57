import { Either } from "effect"
import type { Uses } from "../../definition/compile/CompiledDefinition.ts"
import { compensationToken } from "../tokens.ts"
import type { Registration } from "../state/InstanceState.ts"
import { finish } from "./ending.ts"
import type { Session } from "./Session.ts"
import { bindingsFor, emit, stepAt } from "./Session.ts"
import { runBuiltin } from "./steps/builtin.ts"
import { emitAttempt, renderWith } from "./steps/action.ts"
import { threadAt } from "../state/threads.ts"

/**
 * Runs the compensations one at a time, most recently registered first (DESIGN §2.1). Called
 * when the instance is compensating and none is running: schedules the next, or ends the
 * instance with the cause that started the compensations.
 */
export const continueCompensation = (s: Session): void => {
  const ending = s.state.ending
  if (ending === undefined || ending.current !== undefined || s.state.status === "incident") return
  const registration = s.state.compensations[s.state.compensations.length - 1]
  if (registration === undefined) {
    if (ending.cause.kind === "failed") finish(s, { kind: "failed", error: ending.cause.error })
    else
      finish(s, {
        kind: "cancelled",
        ...(ending.cause.reason === undefined ? {} : { reason: ending.cause.reason })
      })
    return
  }
  scheduleCompensation(s, registration, 1)
}

/** The bindings of a compensation: the root context, and `result` (and `item`/`index`) of the step it undoes. */
const compensationBindings = (s: Session, registration: Registration, uses: Uses) =>
  bindingsFor(s, threadAt(s.state, ""), uses, {
    result: registration.result,
    ...(registration.item === undefined ? {} : { item: registration.item }),
    ...(registration.index === undefined ? {} : { index: registration.index })
  })

export const scheduleCompensation = (s: Session, registration: Registration, attempt: number): void => {
  const token = compensationToken(registration.token, registration.step)
  const step = stepAt(s, registration.graph, registration.step)
  if (step === undefined || step.kind !== "action") {
    // Validation allows only actions as compensations; anything else has nothing to undo.
    emit(s, { _tag: "StepPassed", token, step: registration.step, at: s.at })
    return
  }
  const vars = compensationBindings(s, registration, step.uses)
  if (step.builtin !== undefined) {
    runBuiltin(s, step, token, vars, undefined, undefined, (error) =>
      emit(s, { _tag: "IncidentRaised", token, step: step.name, error, compensation: true, at: s.at })
    )
    return
  }
  const input = renderWith(step, vars)
  if (Either.isLeft(input)) {
    emit(s, {
      _tag: "IncidentRaised",
      token,
      step: step.name,
      error: input.left,
      compensation: true,
      at: s.at
    })
    return
  }
  emitAttempt(s, token, step, attempt, input.right, true)
}
