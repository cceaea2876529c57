import type { Json } from "../../json/Json.ts"
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
  const running = map.running.slice()
  running.push(event.index)
  putThread(
    d,
    withPosition(
      parent,
      progressed(map, Math.max(map.started, event.index + 1), running, map.results, map.completed)
    )
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
  const completed = event._tag === "MapItemCompleted"
  let results = map.results
  if (completed) {
    const copy = [...map.results]
    copy[event.index] = event.result
    results = copy
  }
  const running: Array<number> = []
  for (const index of map.running) if (index !== event.index) running.push(index)
  putThread(
    d,
    withPosition(parent, progressed(map, map.started, running, results, map.completed + (completed ? 1 : 0)))
  )
  dropThreads(d, [itemScope(event.token, event.index)])
}

// Map positions are built by this one literal, fields in one order (cheaper than spreading them).
const progressed = (
  map: MapPosition,
  started: number,
  running: ReadonlyArray<number>,
  results: ReadonlyArray<Json | undefined>,
  completed: number
): MapPosition => ({
  kind: "map",
  token: map.token,
  step: map.step,
  items: map.items,
  concurrency: map.concurrency,
  output: map.output,
  started,
  running,
  results,
  completed
})

export const mapCompleted = (d: Draft, event: EventOf<"MapCompleted">): void => {
  const found = mapOf(d, event.token)
  if (found === undefined) return
  const results = found.map.items.map((_, index) => found.map.results[index] ?? null)
  putThread(d, advance(writeContext(found.parent, event.output, results), event.next))
}
