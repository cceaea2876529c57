import { Either } from "effect"
import { LineCounter, parseDocument } from "yaml"
import type { Json } from "../../json/Json.ts"
import type { Problem } from "../../Problem.ts"
import { noSourceMap, type SourceMap } from "./SourceMap.ts"
import { yamlToJson } from "./yamlToJson.ts"

export type SourceFormat = "yaml" | "json"

/** A parsed definition text: its JSON value and where each value came from. */
export interface ParsedSource {
  readonly value: Json
  readonly sourceMap: SourceMap
}

/** The longest definition text accepted, in UTF-16 code units (about 2 MiB of ASCII). */
export const maxSourceLength = 2 * 1024 * 1024

/** The format of a file by its name: `.json` is JSON, everything else YAML. */
export const formatOfFile = (fileName: string): SourceFormat =>
  fileName.toLowerCase().endsWith(".json") ? "json" : "yaml"

/**
 * Parses a definition text into JSON, keeping the line and column of every value. YAML is read
 * as YAML 1.2 (core schema) and must hold only JSON data; JSON must also be strict JSON. Every
 * syntax problem is reported with its position.
 */
export const parseSource = (
  source: string,
  format: SourceFormat
): Either.Either<ParsedSource, ReadonlyArray<Problem>> => {
  // A byte order mark is not content (editors on Windows write one); JSON.parse would refuse it.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source
  if (text.length > maxSourceLength)
    return Either.left([
      {
        path: [],
        message: `Expected a text of at most ${maxSourceLength} characters, but it has ${text.length}`
      }
    ])
  if (format === "json") {
    const strict = strictJsonProblem(text)
    if (strict !== undefined) return Either.left([strict])
  }
  const lines = new LineCounter()
  // uniqueKeys is off because the yaml package checks it in quadratic time; yamlToJson checks it in linear time.
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    intAsBigInt: true,
    uniqueKeys: false,
    schema: "core",
    version: "1.2"
  })
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset)
    return { line, column: col }
  }
  // One problem per kind of syntax error: a deeply nested text repeats the same one at every level.
  const syntax = new Map<string, Problem>()
  for (const error of [...doc.errors, ...doc.warnings]) {
    const message = `Expected well-formed ${format === "json" ? "JSON" : "YAML"}, but ${lowerFirst(syntaxMessage(error.message))}`
    if (!syntax.has(message)) syntax.set(message, { path: [], message, ...at(error.pos[0]) })
  }
  if (syntax.size > 0)
    return format === "json" ? Either.right(unlocatedJson(text)) : Either.left([...syntax.values()])
  const { value, problems, sourceMap } = yamlToJson(doc, text, lines)
  return problems.length > 0 ? Either.left(problems) : Either.right({ value, sourceMap })
}

const syntaxMessage = (message: string): string =>
  message.startsWith("Maximum call stack size exceeded")
    ? "it is nested too deeply"
    : message.replace(/\s+/g, " ").trim()

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1)

/** JSON.parse decides what strict JSON is; its message names the offset of the first error. */
const strictJsonProblem = (text: string): Problem | undefined => {
  try {
    JSON.parse(text)
    return undefined
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const offset = /at position (\d+)/.exec(message)?.[1]
    const reason = message
      .replace(/\s*in JSON at position \d+.*$/, "")
      .replace(/\s*\(line \d+ column \d+\)$/, "")
    return {
      path: [],
      message: `Expected well-formed JSON, but ${lowerFirst(reason)}`,
      ...(offset === undefined ? {} : lineAndColumn(text, Number(offset)))
    }
  }
}

const lineAndColumn = (text: string, offset: number): { line: number; column: number } => {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  return { line, column: offset - lineStart + 1 }
}

/**
 * Strict JSON that the YAML reader refuses (a key longer than YAML's 1024-character limit for
 * implicit keys): the value comes from JSON.parse, without positions.
 */
const unlocatedJson = (text: string): ParsedSource => ({
  value: JSON.parse(text) as Json,
  sourceMap: noSourceMap
})
