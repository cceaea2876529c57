import { Either } from "effect"
import type { ChoiceStep } from "../../../definition/compile/CompiledDefinition.ts"
import { evaluateBoolean } from "../../../expressions/evaluate.ts"
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
      const next = nextToken(thread, choice.next)
      emit(s, {
        _tag: "ChoiceMade",
        token,
        step: step.name,
        choice: index,
        ...(next === undefined ? {} : { next }),
        at: s.at
      })
      return
    }
  }
  const next = nextToken(thread, step.otherwise)
  emit(s, {
    _tag: "ChoiceMade",
    token,
    step: step.name,
    choice: null,
    ...(next === undefined ? {} : { next }),
    at: s.at
  })
}
