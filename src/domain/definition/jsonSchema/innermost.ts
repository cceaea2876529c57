import type { OutputUnit } from "@cfworker/json-schema"

/**
 * A validator's errors grouped by the instance location they are about, keeping only the
 * innermost places: the validator also reports every enclosing value (`properties` failing
 * because one property does), and those say nothing new.
 */
export const innermostErrors = (
  errors: ReadonlyArray<OutputUnit>
): ReadonlyArray<readonly [location: string, errors: ReadonlyArray<OutputUnit>]> => {
  const byLocation = new Map<string, Array<OutputUnit>>()
  for (const error of errors) {
    const list = byLocation.get(error.instanceLocation)
    if (list === undefined) byLocation.set(error.instanceLocation, [error])
    else list.push(error)
  }
  const enclosing = new Set<string>()
  for (const location of byLocation.keys()) {
    const parts = location.split("/")
    for (let n = 1; n < parts.length; n++) enclosing.add(parts.slice(0, n).join("/"))
  }
  return [...byLocation.entries()].filter(([location]) => !enclosing.has(location))
}
