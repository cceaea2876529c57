import { isCelList, isCelMap } from "@bufbuild/cel"
import type { CelValue } from "@bufbuild/cel"
import { expressionLimits } from "./limits.ts"
import { ensureSize, step } from "./meter.ts"

/**
 * What a call costs before it runs. One step, plus one per 1,024 characters of text it scans
 * (one per 16 for `matches`: a regular expression scan is slower), plus one per 64 elements it
 * walks (`in` over a list, list and map equality, `join`). Calls whose output can
 * outgrow their inputs many times over — concatenation, `join`, `format` — are refused before
 * they run when their output would exceed the size limit, so no limit is checked only after
 * the memory and time were spent. (`replace` checks itself: see stringFunctions.ts.)
 */
export const chargeCall = (
  name: string,
  target: CelValue | undefined,
  args: ReadonlyArray<CelValue>
): void => {
  const text = scannedText(target, args) / (name === "matches" ? 16 : 1024)
  step(1 + Math.floor(text + scannedElements(name, target, args) / 64))
  if (name === "_+_") {
    const [left, right] = args
    if (typeof left === "string" && typeof right === "string")
      ensureSize("string", left.length + right.length)
    if (left instanceof Uint8Array && right instanceof Uint8Array)
      ensureSize("bytes", left.length + right.length)
  } else if (name === "join" && isCelList(target)) {
    const separator = typeof args[0] === "string" ? args[0].length : 0
    ensureSize("string", textSize(target) + separator * Math.max(0, target.size - 1))
  } else if (name === "format" && typeof target === "string") {
    ensureSize("string", target.length + args.reduce((size: number, arg) => size + textSize(arg), 0))
  }
}

/** Elements a call walks: `in` over a list, list and map equality, `join`. */
const scannedElements = (
  name: string,
  target: CelValue | undefined,
  args: ReadonlyArray<CelValue>
): number => {
  if (name === "@in" && isCelList(args[1])) return args[1].size
  if ((name === "_==_" || name === "_!=_") && (isCelList(args[0]) || isCelMap(args[0]))) return args[0].size
  if (name === "join" && isCelList(target)) return target.size
  return 0
}

const scannedText = (target: CelValue | undefined, args: ReadonlyArray<CelValue>): number => {
  let length = typeof target === "string" ? target.length : 0
  for (const arg of args) if (typeof arg === "string") length += arg.length
  return length
}

/** An upper estimate of a value's length as text, counted only as far as the size limit. */
const textSize = (value: CelValue): number => {
  const cap = expressionLimits.maxStringLength + 1
  let size = 0
  const pending: Array<unknown> = [value]
  while (pending.length > 0 && size < cap) {
    const next = pending.pop()
    if (typeof next === "string") size += next.length + 2
    else if (next instanceof Uint8Array) size += next.length * 4 + 3
    else if (typeof next === "object" && next !== null && Symbol.iterator in next) {
      for (const item of next as Iterable<unknown>) {
        pending.push(Array.isArray(item) ? item[1] : item) // map entries: their values; keys are small
        size += 2
        if (size >= cap) break
      }
    } else size += 32
  }
  return size
}
