import { Either } from "effect"
import type { ChoiceStep } from "../../../definition/compile/CompiledDefinition.ts"
import { evaluateBoolean } from "../../../expressions/evaluate.ts"
import type { EventOf } from "../../events/InstanceEvent.ts"
import type { Thread } from "../../state/InstanceState.ts"
import { failStep } from "../failure.ts"
import type { Session } from "../Session.ts"
import { bindingsFor, emit, expressionFailure, nextToken } from "../Session.ts"

/** The first `when` that holds decides; none: `otherwise`, or the path ends. The choice is recorded. */
export const enterChoice = (s: Session, thread: Thread, token: string, step: ChoiceStep): void => {
  const vars = bindingsFor(s, thread, step.uses)
  for (let index = 0; index < step.choices.length; index++) {
    const choice = step.choices[index] as ChoiceStep["choices"][number]
    const held = Either.flatMap(choice.when, (when) =>
      Either.mapLeft(evaluateBoolean(when, vars), (error) => error.message)
    )
    if (Either.isLeft(held))
      return failStep(
        s,
        token,
        step.name,
        expressionFailure(`Step ${step.name}, choice ${index}`, held.left),
        s.definition.retry.onExhausted
      )
    if (held.right) {
      emit(s, choiceMade(token, step.name, index, nextToken(thread, choice.next), s.at))
      return
    }
  }
  emit(s, choiceMade(token, step.name, null, nextToken(thread, step.otherwise), s.at))
}

const choiceMade = (
  token: string,
  step: string,
  choice: number | null,
  next: string | undefined,
  at: number
): EventOf<"ChoiceMade"> =>
  next === undefined
    ? { _tag: "ChoiceMade", token, step, choice, at }
    : { _tag: "ChoiceMade", token, step, choice, next, at }
