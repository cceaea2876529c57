import type { Json } from "../../json/Json.ts"
import { scopeOf, stepOf, visitOf } from "../tokens.ts"
import { addWritten, setPath } from "./context.ts"
import type { InstanceState, Position, Thread } from "./InstanceState.ts"

/** Positions the decider must act on before the instance is quiescent. */
const needsDecider = (at: Position): boolean =>
  at.kind === "ready" || at.kind === "failed" || at.kind === "end"

/** Replaces (or adds) a thread, keeping the agenda in step with its position. */
export const putThread = (state: InstanceState, thread: Thread): InstanceState => {
  const listed = state.agenda.includes(thread.scope)
  const wanted = needsDecider(thread.at)
  const agenda =
    wanted === listed
      ? state.agenda
      : wanted
        ? [...state.agenda, thread.scope]
        : state.agenda.filter((scope) => scope !== thread.scope)
  return { ...state, threads: { ...state.threads, [thread.scope]: thread }, agenda }
}

/** Removes threads (finished branches and items) and their agenda entries. */
export const dropThreads = (state: InstanceState, scopes: ReadonlyArray<string>): InstanceState => {
  if (scopes.length === 0) return state
  const threads = { ...state.threads }
  for (const scope of scopes) delete threads[scope]
  const agenda = state.agenda.some((scope) => scopes.includes(scope))
    ? state.agenda.filter((scope) => !scopes.includes(scope))
    : state.agenda
  return { ...state, threads, agenda }
}

export const threadOf = (state: InstanceState, token: string): Thread | undefined =>
  state.threads[scopeOf(token)]

/** Moves a thread on to `next` (a token of its scope), or ends its path when there is none. */
export const advance = (thread: Thread, next: string | undefined): Thread =>
  next === undefined
    ? { ...thread, at: { kind: "end" } }
    : {
        ...thread,
        visits: { ...thread.visits, [stepOf(next)]: visitOf(next) },
        at: { kind: "ready", token: next, step: stepOf(next) }
      }

/** Writes a context path; nested paths remember it for their join. */
export const writeContext = (thread: Thread, path: string | undefined, value: Json | undefined): Thread =>
  path === undefined || value === undefined
    ? thread
    : {
        ...thread,
        context: setPath(thread.context, path, value),
        ...(thread.written === undefined ? {} : { written: addWritten(thread.written, path) })
      }

/** Updates the thread of `token` with `update`; a missing thread leaves the state as it is. */
export const updateThreadOf = (
  state: InstanceState,
  token: string,
  update: (thread: Thread) => Thread
): InstanceState => {
  const thread = threadOf(state, token)
  return thread === undefined ? state : putThread(state, update(thread))
}

export const addSeen = (
  seen: ReadonlySet<string>,
  ...ids: ReadonlyArray<string | undefined>
): ReadonlySet<string> => {
  const fresh = ids.filter((id): id is string => id !== undefined && !seen.has(id))
  if (fresh.length === 0) return seen
  const out = new Set(seen)
  for (const id of fresh) out.add(id)
  return out
}
