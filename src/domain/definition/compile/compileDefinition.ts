import { defaultLimits, priorities } from "../format/Definition.ts"
import type { Priority } from "../format/Definition.ts"
import type { PublishedDefinition } from "../PublishedDefinition.ts"
import { sortKeys } from "../../json/canonical.ts"
import type { CompiledDefinition, CompiledGraph } from "./CompiledDefinition.ts"
import { ms, optionalMs } from "./compileCode.ts"
import { compileRetry } from "./compileRetry.ts"
import { compileGraph } from "./compileStep.ts"

const compiled = new WeakMap<PublishedDefinition, CompiledDefinition>()

/**
 * Compiles a published definition once (the result is kept per definition object). Limits a
 * hand-built definition leaves out take the documented defaults, so the decider never sees an
 * absent budget; published definitions have them filled in by normalization already.
 */
export const compileDefinition = (published: PublishedDefinition): CompiledDefinition => {
  const cached = compiled.get(published)
  if (cached !== undefined) return cached
  const definition = published.definition
  const graphs = new Map<string, CompiledGraph>()
  compileGraph("", definition, definition.retry, graphs)
  const limits = { ...defaultLimits, ...definition.limits }
  const sla: Partial<Record<Priority, number>> = {}
  for (const priority of priorities) {
    const text = definition.sla?.[priority]
    if (text !== undefined) sla[priority] = ms(text)
  }
  const timeoutMs = optionalMs(definition.timeout)
  const result: CompiledDefinition = {
    published,
    pin: { name: published.name, version: published.version, contentHash: published.contentHash },
    ...(definition.input === undefined ? {} : { inputSchema: definition.input }),
    context: sortKeys(definition.context ?? {}),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    sla,
    ...(definition.onError === undefined ? {} : { onError: definition.onError }),
    retry: compileRetry(definition.retry),
    limits: {
      maxTransitions: limits.maxTransitions,
      maxEvents: limits.maxEvents,
      maxContextBytes: limits.maxContextBytes,
      maxMapItems: limits.maxMapItems,
      maxBufferedMessages: limits.maxBufferedMessages,
      bufferTtlMs: ms(limits.bufferTtl)
    },
    graphs
  }
  compiled.set(published, result)
  return result
}
