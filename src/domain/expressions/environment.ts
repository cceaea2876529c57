import { CelScalar, celEnv, celFunc, isCelError, isCelList, isCelMap, listType } from "@bufbuild/cel"
import type { CelEnv, CelList, CelResult, CelValue } from "@bufbuild/cel"
import { strings } from "@bufbuild/cel/ext"
import { concatLists } from "./appendList.ts"
import { allocate, step } from "./meter.ts"
import { chargeCall } from "./callCost.ts"
import { codePointStringFunctions } from "./codePointStrings.ts"
import { stringFunctions } from "./stringFunctions.ts"

/**
 * The one CEL environment of Foldflow: @bufbuild/cel's standard library and string extension,
 * `matches` on re2js, amortized list appends, and a metered function resolver that charges every
 * call (and every comprehension iteration, see `iterationFunction`) to the running budget.
 */

/** Called once per comprehension iteration: compile.ts wraps every loop condition in it. */
export const iterationFunction = "@foldflow.iteration"

const { DYN } = CelScalar
const LIST = listType(DYN)

// Later entries replace the library's functions of the same signature.
const foldflowFunctions = [
  ...strings,
  ...stringFunctions,
  ...codePointStringFunctions,
  celFunc("_+_", [LIST, LIST], LIST, (left: CelList, right: CelList) => {
    const { list, written } = concatLists(left, right)
    allocate("list", list.size, written)
    return list
  }),
  celFunc(iterationFunction, [DYN], DYN, (condition) => {
    step()
    return condition
  })
]

/** Charges what a call produced; list concatenation charges itself (see above). */
const charge = (name: string, result: CelValue): void => {
  if (typeof result === "string") allocate("string", result.length)
  else if (result instanceof Uint8Array) allocate("bytes", result.length)
  else if (isCelList(result) && name !== "_+_") allocate("list", result.size)
  else if (isCelMap(result)) allocate("map", result.size)
}

type Resolver = CelEnv["funcs"]
type Group = NonNullable<ReturnType<Resolver["find"]>>

const meteredGroup = (group: Group): Group => ({
  name: group.name,
  [Symbol.iterator]: () => group[Symbol.iterator](),
  call: (id: number, target: CelValue | undefined, args: ReadonlyArray<CelValue>): CelResult | undefined => {
    if (group.name !== iterationFunction) chargeCall(group.name, target, args)
    const result = group.call(id, target, args as Array<CelValue>)
    if (result !== undefined && !isCelError(result)) charge(group.name, result)
    return result
  }
})

const base = celEnv({ funcs: foldflowFunctions })
const groups = new Map<string, Group | undefined>()

// The planner reads only `funcs`, `registry` and `namespace` of an environment; there is no
// public hook around function calls, so the metered environment is this view of the base one.
export const environment: CelEnv = {
  namespace: base.namespace,
  registry: base.registry,
  variables: base.variables,
  funcs: {
    [Symbol.iterator]: () => base.funcs[Symbol.iterator](),
    find: (name: string) => {
      if (!groups.has(name)) {
        const group = base.funcs.find(name)
        groups.set(name, group === undefined ? undefined : meteredGroup(group))
      }
      return groups.get(name)
    }
  } as unknown as Resolver
} as unknown as CelEnv

/** Whether a function (or method) of this name exists, for compile-time checks. */
export const isKnownFunction = (name: string): boolean => base.funcs.find(name) !== undefined
