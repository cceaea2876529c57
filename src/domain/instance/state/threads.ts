import type { Json, JsonObject } from "../../json/Json.ts"
import type { ErrorInfo } from "../schema/ErrorInfo.ts"
import { stepOf, visitOf } from "../tokens.ts"
import { addWritten, setPath } from "./context.ts"
import type { Draft, InstanceState, Position, Thread } from "./InstanceState.ts"
import { visited, visitsOf, type Visits } from "./Visits.ts"

/** Positions the decider must act on before the instance is quiescent. */
const needsDecider = (at: Position): boolean =>
  at.kind === "ready" || at.kind === "failed" || at.kind === "end"

/** The thread of a scope ("" is the root). Threads are few, so a scan beats any index. */
export const threadAt = (state: Pick<InstanceState, "threads">, scope: string): Thread | undefined => {
  for (const thread of state.threads) if (thread.scope === scope) return thread
  return undefined
}

/** Replaces (or appends) a thread, keeping the agenda in step with its position. */
export const putThread = (d: Draft, thread: Thread): void => {
  const listed = d.agenda.includes(thread.scope)
  const wanted = needsDecider(thread.at)
  if (wanted !== listed)
    d.agenda = wanted ? [...d.agenda, thread.scope] : d.agenda.filter((scope) => scope !== thread.scope)
  // An array of a few threads copies and searches faster than a record keyed by scope paths.
  const threads = d.threads.slice()
  let index = 0
  while (index < threads.length && (threads[index] as Thread).scope !== thread.scope) index++
  threads[index] = thread
  d.threads = threads
}

/** Removes threads (finished branches and items) and their agenda entries. */
export const dropThreads = (d: Draft, scopes: ReadonlyArray<string>): void => {
  if (scopes.length === 0) return
  if (d.threads.some((thread) => scopes.includes(thread.scope)))
    d.threads = d.threads.filter((thread) => !scopes.includes(thread.scope))
  if (d.agenda.some((scope) => scopes.includes(scope)))
    d.agenda = d.agenda.filter((scope) => !scopes.includes(scope))
}

/** The thread a token belongs to: the one whose scope is the token's path up to its last `/`. */
export const threadOf = (state: Pick<InstanceState, "threads">, token: string): Thread | undefined => {
  // Compared in place: folding looks threads up for nearly every event, so no scope string is cut.
  const slash = token.lastIndexOf("/")
  for (const thread of state.threads) {
    const scope = thread.scope
    if (slash < 0 ? scope === "" : scope.length === slash && token.startsWith(scope)) return thread
  }
  return undefined
}

// Threads are always built by this one literal, fields in one order, so they share one shape
// and copying them stays cheap where spreads of changing shapes would not.
const rebuilt = (
  t: Thread,
  at: Position,
  context: JsonObject = t.context,
  written: ReadonlyArray<string> | undefined = t.written,
  error: ErrorInfo | undefined = t.error,
  visits: Visits = t.visits
): Thread => ({
  scope: t.scope,
  graph: t.graph,
  context,
  written,
  item: t.item,
  index: t.index,
  error,
  visits,
  at
})

/** A new thread: the root, a branch or a map item, entering `start`. */
export const newThread = (
  scope: string,
  graph: string,
  context: JsonObject,
  start: string,
  nested: { readonly item: Json | undefined; readonly index: number | undefined } | undefined
): Thread => {
  const step = stepOf(start)
  return {
    scope,
    graph,
    context,
    written: nested === undefined ? undefined : [],
    item: nested?.item,
    index: nested?.index,
    error: undefined,
    visits: visitsOf(step, visitOf(start)),
    at: { kind: "ready", token: start, step }
  }
}

/** The thread standing at another position. */
export const withPosition = (thread: Thread, at: Position): Thread => rebuilt(thread, at)

/** The thread with the error a `catch` or `onError` took (the `error` binding from then on). */
export const withError = (thread: Thread, error: ErrorInfo): Thread =>
  rebuilt(thread, thread.at, thread.context, thread.written, error)

/** The thread with the writes of a join merged into its context. */
export const withMerged = (
  thread: Thread,
  context: JsonObject,
  written: ReadonlyArray<string> | undefined
): Thread => rebuilt(thread, thread.at, context, written)

/** Moves a thread on to `next` (a token of its scope), or ends its path when there is none. */
export const advance = (thread: Thread, next: string | undefined): Thread => {
  if (next === undefined) return rebuilt(thread, { kind: "end" })
  const step = stepOf(next)
  return rebuilt(
    thread,
    { kind: "ready", token: next, step },
    thread.context,
    thread.written,
    thread.error,
    visited(thread.visits, step, visitOf(next))
  )
}

/** Writes a context path; nested paths remember it for their join. */
export const writeContext = (thread: Thread, path: string | undefined, value: Json | undefined): Thread =>
  path === undefined || value === undefined
    ? thread
    : rebuilt(
        thread,
        thread.at,
        setPath(thread.context, path, value),
        thread.written === undefined ? undefined : addWritten(thread.written, path)
      )

/** Updates the thread of `token` with `update`; a missing thread leaves the draft as it is. */
export const updateThreadOf = (d: Draft, token: string, update: (thread: Thread) => Thread): void => {
  const thread = threadOf(d, token)
  if (thread !== undefined) putThread(d, update(thread))
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
