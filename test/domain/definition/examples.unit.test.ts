import { Either } from "effect"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { publishDefinition } from "../../../src/domain/definition/PublishedDefinition.ts"
import { validateSource } from "../../../src/domain/definition/validate/validateDefinition.ts"
import { validateStartInput } from "../../../src/domain/definition/validateStartInput.ts"
import { cronerScheduleChecks } from "../../../src/infra/schedule/cronerScheduleChecks.ts"

const examples = join(import.meta.dirname, "../../../examples")
const files = readdirSync(examples).filter((file) => file.endsWith(".yaml"))
const definitionOf = (file: string) =>
  Either.getOrThrow(
    validateSource(readFileSync(join(examples, file), "utf8"), "yaml", { schedules: cronerScheduleChecks })
  )

describe("examples", () => {
  it.each(files)("%s validates, and its demo input fits its input schema", (file) => {
    const published = publishDefinition(definitionOf(file), 1)
    const input: unknown = JSON.parse(
      readFileSync(join(examples, "data", file.replace(/\.yaml$/, ".json")), "utf8")
    )
    expect(validateStartInput(published, input)).toEqual(Either.right(input))
  })

  it("together use every step kind, wait mode, join and trigger kind", () => {
    const text = files.map((file) => JSON.stringify(definitionOf(file))).join("\n")
    for (const kind of ["action", "choice", "wait", "human", "parallel", "map", "subflow", "succeed", "fail"])
      expect(text).toContain(`"type":"${kind}"`)
    for (const field of [
      '"signal":',
      '"event":',
      '"for":',
      '"until":',
      '"cron":',
      '"at":',
      '"offset":',
      '"compensate":'
    ])
      expect(text).toContain(field)
    for (const join of ['"join":"all"', '"join":"any"']) expect(text).toContain(join)
  })
})
