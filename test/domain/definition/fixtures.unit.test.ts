import { Either } from "effect"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { formatOfFile } from "../../../src/domain/definition/source/parseSource.ts"
import { validateSource } from "../../../src/domain/definition/validate/validateDefinition.ts"
import { formatPath, type Problem } from "../../../src/domain/Problem.ts"
import { cronerScheduleChecks } from "../../../src/infra/schedule/cronerScheduleChecks.ts"

const root = join(import.meta.dirname, "../../fixtures/definitions")
const environment = { schedules: cronerScheduleChecks }
const definitionsIn = (dir: string) =>
  readdirSync(join(root, dir)).filter((file) => /\.(ya?ml|json)$/.test(file))
const validate = (file: string) => validateSource(readFileSync(file, "utf8"), formatOfFile(file), environment)

const line = (p: Problem) =>
  `${p.line === undefined ? "" : `${p.line}:${p.column} `}${formatPath(p.path)}: ${p.message}`
/** An expected line ending in " …" matches any actual line with that beginning. */
const matches = (actual: string, expected: string) =>
  expected.endsWith(" …") ? actual.startsWith(expected.slice(0, -1)) : actual === expected

describe("valid definition fixtures", () => {
  it.each(definitionsIn("valid"))("%s validates clean", (file) => {
    const result = validate(join(root, "valid", file))
    expect(Either.isLeft(result) ? result.left.map(line) : []).toEqual([])
  })
})

describe("invalid definition fixtures", () => {
  it.each(definitionsIn("invalid"))("%s reports exactly its problems", (file) => {
    const expected = readFileSync(join(root, "invalid", file.replace(/\.(ya?ml|json)$/, ".problems")), "utf8")
      .split("\n")
      .filter((l) => l !== "")
    const result = validate(join(root, "invalid", file))
    const actual = Either.isLeft(result) ? result.left.map(line) : []
    expect(actual.length, actual.join("\n")).toBe(expected.length)
    actual.forEach((text, index) => {
      if (!matches(text, expected[index]!)) expect(text).toBe(expected[index])
    })
  })
})
