/**
 * How often each step of a thread was entered: the visit numbers of token paths. Entering a
 * step must not copy the counts of every step (a long loop would make each entry cost more), so
 * recent entries sit in a short persistent list before the counts, folded into them once the
 * list is long — O(1) amortized per entry, and old states stay valid.
 */
export interface Visits {
  readonly counts: { readonly [step: string]: number }
  readonly recent: Recent | undefined
  readonly length: number
}

interface Recent {
  readonly step: string
  readonly visit: number
  readonly previous: Recent | undefined
}

const foldAfter = 16

const noCounts: { readonly [step: string]: number } = {}

/** The visits of a new thread: its first step entered once (held as a recent entry, no object built per step). */
export const visitsOf = (step: string, visit: number): Visits => ({
  counts: noCounts,
  recent: { step, visit, previous: undefined },
  length: 1
})

/** The last visit of a step (0 when never entered). */
export const lastVisit = (visits: Visits, step: string): number => {
  for (let entry = visits.recent; entry !== undefined; entry = entry.previous)
    if (entry.step === step) return entry.visit
  return visits.counts[step] ?? 0
}

export const visited = (visits: Visits, step: string, visit: number): Visits => {
  const recent: Recent = { step, visit, previous: visits.recent }
  if (visits.length + 1 < foldAfter) return { counts: visits.counts, recent, length: visits.length + 1 }
  const counts: Record<string, number> = { ...visits.counts }
  const newestFirst: Array<Recent> = []
  for (let entry: Recent | undefined = recent; entry !== undefined; entry = entry.previous)
    newestFirst.push(entry)
  for (let i = newestFirst.length - 1; i >= 0; i--) counts[newestFirst[i]!.step] = newestFirst[i]!.visit
  return { counts, recent: undefined, length: 0 }
}

/** The counts as one plain object (for views and golden files). */
export const visitCounts = (visits: Visits): { readonly [step: string]: number } => {
  const counts: Record<string, number> = { ...visits.counts }
  const newestFirst: Array<Recent> = []
  for (let entry = visits.recent; entry !== undefined; entry = entry.previous) newestFirst.push(entry)
  for (let i = newestFirst.length - 1; i >= 0; i--) counts[newestFirst[i]!.step] = newestFirst[i]!.visit
  return counts
}
