/**
 * Token paths (docs/events.md): `step#visit` at the root, nested `fork#1/b0/charge#2` in a branch
 * and `each#1/i7/send#1` in a map item. Every id of an activity, task, timer or child derives
 * from one, so replay re-derives the same ids and loops, branches and items never collide.
 */

/** The scope of a token: its path up to the last `/` ("" at the root). */
export const scopeOf = (token: string): string => {
  const slash = token.lastIndexOf("/")
  return slash < 0 ? "" : token.slice(0, slash)
}

/** The step a token stands on. */
export const stepOf = (token: string): string =>
  token.slice(token.lastIndexOf("/") + 1, token.lastIndexOf("#"))

/** The visit number of a token (1 for the first entry of its step in its scope). */
export const visitOf = (token: string): number => Number(token.slice(token.lastIndexOf("#") + 1))

export const tokenIn = (scope: string, step: string, visit: number): string =>
  scope === "" ? `${step}#${visit}` : `${scope}/${step}#${visit}`

export const branchScope = (parallelToken: string, branch: number): string => `${parallelToken}/b${branch}`

export const itemScope = (mapToken: string, index: number): string => `${mapToken}/i${index}`

/** The compensation of a completed token runs as its own token (at most once). */
export const compensationToken = (completed: string, step: string): string => `${completed}/comp/${step}#1`

export const isCompensationToken = (token: string): boolean => token.includes("/comp/")

/** The graph of a branch (`b<i>`) or a map's items (`do`) inside the graph `parent`. */
export const nestedGraph = (parent: string, step: string, part: string): string =>
  parent === "" ? `${step}/${part}` : `${parent}/${step}/${part}`

export const timerIds = {
  retry: (token: string, attempt: number) => `${token}/retry/${attempt}`,
  attemptTimeout: (token: string, attempt: number) => `${token}/timeout/${attempt}`,
  sleep: (token: string) => `${token}/sleep`,
  timeout: (token: string) => `${token}/timeout`,
  remind: (token: string, index: number) => `${token}/remind/${index}`,
  escalate: (token: string) => `${token}/escalate`,
  workflow: "timeout"
} as const

/** The idempotency key of every attempt of an activity: `<instance>/<token>`. */
export const idempotencyKey = (instanceId: string, token: string): string => `${instanceId}/${token}`
