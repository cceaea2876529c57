import type { EventOf } from "../events/InstanceEvent.ts"
import type { InstanceState, MapPosition, Thread } from "../state/InstanceState.ts"
import { advance, dropThreads, putThread, threadOf, writeContext } from "../state/threads.ts"
import { itemScope, nestedGraph, stepOf, visitOf } from "../tokens.ts"

export const mapStarted = (state: InstanceState, event: EventOf<"MapStarted">): InstanceState => {
  const parent = threadOf(state, event.token)
  if (parent === undefined) return state
  return putThread(state, {
    ...parent,
    at: {
      kind: "map",
      token: event.token,
      step: event.step,
      items: event.items,
      concurrency: event.concurrency,
      ...(event.output === undefined ? {} : { output: event.output }),
      started: 0,
      running: [],
      results: [],
      completed: 0
    }
  })
}

const withMap = (
  state: InstanceState,
  token: string,
  update: (parent: Thread, map: MapPosition) => InstanceState
): InstanceState => {
  const parent = threadOf(state, token)
  return parent === undefined || parent.at.kind !== "map" ? state : update(parent, parent.at)
}

export const mapItemStarted = (state: InstanceState, event: EventOf<"MapItemStarted">): InstanceState =>
  withMap(state, event.token, (parent, map) => {
    const scope = itemScope(event.token, event.index)
    const item: Thread = {
      scope,
      graph: nestedGraph(parent.graph, map.step, "do"),
      context: parent.context,
      written: [],
      item: map.items[event.index] ?? null,
      index: event.index,
      visits: { [stepOf(event.start)]: visitOf(event.start) },
      at: { kind: "ready", token: event.start, step: stepOf(event.start) }
    }
    const at: MapPosition = {
      ...map,
      started: Math.max(map.started, event.index + 1),
      running: [...map.running, event.index]
    }
    return putThread(putThread(state, { ...parent, at }), item)
  })

/** An item finished (completed, failed or cancelled): its thread goes, a result is kept. */
export const mapItemSettled = (
  state: InstanceState,
  event: EventOf<"MapItemCompleted" | "MapItemFailed" | "MapItemCancelled">
): InstanceState =>
  withMap(state, event.token, (parent, map) => {
    const results =
      event._tag === "MapItemCompleted"
        ? Object.assign([...map.results], { [event.index]: event.result })
        : map.results
    const at: MapPosition = {
      ...map,
      running: map.running.filter((index) => index !== event.index),
      results,
      completed: map.completed + (event._tag === "MapItemCompleted" ? 1 : 0)
    }
    return dropThreads(putThread(state, { ...parent, at }), [itemScope(event.token, event.index)])
  })

export const mapCompleted = (state: InstanceState, event: EventOf<"MapCompleted">): InstanceState =>
  withMap(state, event.token, (parent, map) => {
    const results = map.items.map((_, index) => map.results[index] ?? null)
    return putThread(state, advance(writeContext(parent, event.output, results), event.next))
  })
