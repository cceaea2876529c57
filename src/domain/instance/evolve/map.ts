import type { EventOf } from "../events/InstanceEvent.ts"
import type { Draft, MapPosition, Thread } from "../state/InstanceState.ts"
import {
  advance,
  dropThreads,
  putThread,
  newThread,
  threadOf,
  writeContext,
  withPosition
} from "../state/threads.ts"
import { itemScope, nestedGraph } from "../tokens.ts"

export const mapStarted = (d: Draft, event: EventOf<"MapStarted">): void => {
  const parent = threadOf(d, event.token)
  if (parent === undefined) return
  putThread(
    d,
    withPosition(parent, {
      kind: "map",
      token: event.token,
      step: event.step,
      items: event.items,
      concurrency: event.concurrency,
      output: event.output,
      started: 0,
      running: [],
      results: [],
      completed: 0
    })
  )
}

const mapOf = (d: Draft, token: string): { parent: Thread; map: MapPosition } | undefined => {
  const parent = threadOf(d, token)
  return parent === undefined || parent.at.kind !== "map" ? undefined : { parent, map: parent.at }
}

export const mapItemStarted = (d: Draft, event: EventOf<"MapItemStarted">): void => {
  const found = mapOf(d, event.token)
  if (found === undefined) return
  const { parent, map } = found
  putThread(
    d,
    withPosition(parent, {
      ...map,
      started: Math.max(map.started, event.index + 1),
      running: [...map.running, event.index]
    })
  )
  const item = { item: map.items[event.index] ?? null, index: event.index }
  putThread(
    d,
    newThread(
      itemScope(event.token, event.index),
      nestedGraph(parent.graph, map.step, "do"),
      parent.context,
      event.start,
      item
    )
  )
}

/** An item finished (completed, failed or cancelled): its thread goes, a result is kept. */
export const mapItemSettled = (
  d: Draft,
  event: EventOf<"MapItemCompleted" | "MapItemFailed" | "MapItemCancelled">
): void => {
  const found = mapOf(d, event.token)
  if (found === undefined) return
  const { parent, map } = found
  let results = map.results
  if (event._tag === "MapItemCompleted") {
    const copy = [...map.results]
    copy[event.index] = event.result
    results = copy
  }
  putThread(
    d,
    withPosition(parent, {
      ...map,
      running: map.running.filter((index) => index !== event.index),
      results,
      completed: map.completed + (event._tag === "MapItemCompleted" ? 1 : 0)
    })
  )
  dropThreads(d, [itemScope(event.token, event.index)])
}

export const mapCompleted = (d: Draft, event: EventOf<"MapCompleted">): void => {
  const found = mapOf(d, event.token)
  if (found === undefined) return
  const results = found.map.items.map((_, index) => found.map.results[index] ?? null)
  putThread(d, advance(writeContext(found.parent, event.output, results), event.next))
}
