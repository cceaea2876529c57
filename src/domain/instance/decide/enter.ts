import type { Position, Thread } from "../state/InstanceState.ts"
import { failStep } from "./failure.ts"
import type { Session } from "./Session.ts"
import { stepAt } from "./Session.ts"
import { enterAction } from "./steps/action.ts"
import { enterChoice } from "./steps/choice.ts"
import { enterFail, enterSucceed } from "./steps/end.ts"
import { enterHuman } from "./steps/human.ts"
import { enterMap } from "./steps/map.ts"
import { enterParallel } from "./steps/parallel.ts"
import { enterSubflow } from "./steps/subflow.ts"
import { enterWait } from "./steps/wait.ts"

/** Enters the step a token stands on: one transition of the decision's budget. */
export const enterStep = (s: Session, thread: Thread, ready: Extract<Position, { kind: "ready" }>): void => {
  const step = stepAt(s, thread.graph, ready.step)
  const token = ready.token
  if (step === undefined)
    return failStep(
      s,
      token,
      ready.step,
      {
        type: "UnknownStep",
        message: `Expected a step ${ready.step} in ${s.definition.pin.name} v${s.definition.pin.version}, but there is none`
      },
      "fail"
    )
  switch (step.kind) {
    case "action":
      return enterAction(s, thread, token, step)
    case "choice":
      return enterChoice(s, thread, token, step)
    case "wait":
      return enterWait(s, thread, token, step)
    case "human":
      return enterHuman(s, thread, token, step)
    case "parallel":
      return enterParallel(s, thread, token, step)
    case "map":
      return enterMap(s, thread, token, step)
    case "subflow":
      return enterSubflow(s, thread, token, step)
    case "succeed":
      return enterSucceed(s, thread, token, step)
    case "fail":
      return enterFail(s, thread, token, step)
  }
}
