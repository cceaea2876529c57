import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml"
import type { Json } from "../../json/Json.ts"
import type { PathSegment, Problem } from "../../Problem.ts"
import { pathKey, type SourceMap, type SourcePosition } from "./SourceMap.ts"
import { keyText, oneLineStart, scalarValue } from "./yamlScalars.ts"

/** Limits on what a document may expand to; each keeps a hostile text from costing much. */
export const yamlLimits = { maxAliases: 100, maxNodes: 1_000_000, maxDepth: 256 } as const

/** Tags that only restate what a plain scalar or collection already is: every other tag is refused. */
const jsonTags = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`)
)

interface Entry {
  /** Offset of the member's key, or of the value for array items and the root. */
  readonly at: number
  /** Offset in the text where character 0 of a one-line, escape-free string value sits. */
  readonly stringStart?: number
}

/**
 * Builds the JSON value of a composed YAML document (the `yaml` package), refusing what JSON
 * cannot hold: tags that construct other values (`!!binary`, `!!timestamp`, custom tags),
 * integers beyond double precision, non-finite numbers, collection or null keys, duplicate keys,
 * and alias expansions beyond the limits. Records where each value came from.
 */
export const yamlToJson = (
  doc: Document.Parsed,
  text: string,
  lines: LineCounter
): { readonly value: Json; readonly problems: ReadonlyArray<Problem>; readonly sourceMap: SourceMap } => {
  const entries = new Map<string, Entry>()
  const problems: Array<Problem> = []
  const position = (offset: number): SourcePosition => {
    const { line, col } = lines.linePos(offset)
    return { line, column: col }
  }
  const report = (path: ReadonlyArray<PathSegment>, offset: number | undefined, message: string) =>
    problems.push({ path, message, ...(offset === undefined ? {} : position(offset)) })
  let aliases = 0
  let nodes = 0

  const visit = (
    node: Node | null,
    path: Array<PathSegment>,
    at: number | undefined,
    depth: number
  ): Json => {
    if (++nodes > yamlLimits.maxNodes) {
      if (nodes === yamlLimits.maxNodes + 1)
        report(path, at, `Expected at most ${yamlLimits.maxNodes} values, but the document expands to more`)
      return null
    }
    if (node === null) return null
    const start = node.range?.[0]
    if (at !== undefined || start !== undefined) entries.set(pathKey(path), { at: at ?? start ?? 0 })
    if (depth > yamlLimits.maxDepth) {
      report(path, start, `Expected values nested at most ${yamlLimits.maxDepth} deep, but they are deeper`)
      return null
    }
    if (isAlias(node)) {
      if (++aliases > yamlLimits.maxAliases) {
        if (aliases === yamlLimits.maxAliases + 1)
          report(
            path,
            start,
            `Expected at most ${yamlLimits.maxAliases} alias uses, but the document has more`
          )
        return null
      }
      const target = node.resolve(doc)
      return target === undefined ? null : visit(target, path, at ?? start, depth)
    }
    if (node.tag !== undefined && !jsonTags.has(node.tag)) {
      report(
        path,
        start,
        `Expected plain YAML data, but found the tag ${node.tag}, which makes no JSON value`
      )
      return null
    }
    if (isMap(node)) {
      const out: Record<string, Json> = {}
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null
        const keyAt = keyNode?.range?.[0] ?? start
        const key = keyText(keyNode)
        if (key === undefined) {
          report(path, keyAt, "Expected a text key, but found a collection or null as a key")
          continue
        }
        if (Object.hasOwn(out, key)) {
          report([...path, key], keyAt, `Expected unique keys, but "${key}" appears again`)
          continue
        }
        // defineProperty: an own `__proto__` member is kept as data (validation reports it), never a prototype.
        Object.defineProperty(out, key, {
          value: visit(pair.value as Node | null, [...path, key], keyAt, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true
        })
      }
      return out
    }
    if (isSeq(node))
      return node.items.map((item, index) =>
        visit(item as Node | null, [...path, index], undefined, depth + 1)
      )
    if (isScalar(node)) {
      if (typeof node.value === "string" && start !== undefined) {
        const stringStart = oneLineStart(text, node.range ?? undefined, node.type, node.value)
        if (stringStart !== undefined) entries.set(pathKey(path), { at: at ?? start, stringStart })
      }
      return scalarValue(node.value, (message) => report(path, start, message))
    }
    report(path, start, "Expected plain YAML data, but found a node of an unknown kind")
    return null
  }

  const value = visit(doc.contents as Node | null, [], undefined, 0)
  const sourceMap: SourceMap = {
    locate: (path) => {
      for (let length = path.length; length >= 0; length--) {
        const entry = entries.get(pathKey(path.slice(0, length)))
        if (entry !== undefined) return position(entry.at)
      }
      return undefined
    },
    locateInString: (path, offset) => {
      const entry = entries.get(pathKey(path))
      return entry?.stringStart === undefined ? undefined : position(entry.stringStart + offset)
    }
  }
  return { value, problems, sourceMap }
}
