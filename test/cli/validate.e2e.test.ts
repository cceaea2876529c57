import { execFile } from "node:child_process"
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"

const root = join(import.meta.dirname, "../..")
const run = async (...args: ReadonlyArray<string>) => {
  try {
    const { stdout } = await promisify(execFile)("node", ["bin/foldflow.js", ...args], { cwd: root })
    return { code: 0, stdout }
  } catch (error) {
    const failed = error as { code: number; stdout: string }
    return { code: failed.code, stdout: failed.stdout }
  }
}

describe("foldflow validate", () => {
  it("prints OK per file and exits 0 when every file is valid", async () => {
    const { code, stdout } = await run(
      "validate",
      "test/fixtures/definitions/valid/minimal.json",
      "examples/order-fulfillment.yaml"
    )
    expect(stdout.trim().split("\n")).toEqual([
      "test/fixtures/definitions/valid/minimal.json: OK",
      "examples/order-fulfillment.yaml: OK"
    ])
    expect(code).toBe(0)
  })

  it("prints every problem as file:line:column path: message and exits 1", async () => {
    const file = "test/fixtures/definitions/invalid/unreachable.yaml"
    const { code, stdout } = await run("validate", "examples/order-fulfillment.yaml", file)
    expect(stdout.trim().split("\n")).toEqual([
      "examples/order-fulfillment.yaml: OK",
      `${file}:5:3 steps.forgotten: Expected every step to be reachable from start, but nothing leads to "forgotten"`,
      `${file}:6:3 steps.also_forgotten: Expected every step to be reachable from start, but nothing leads to "also_forgotten"`
    ])
    expect(code).toBe(1)
  })

  it("prints a problem without a position where the source has none", async () => {
    const { code, stdout } = await run(
      "validate",
      "test/fixtures/definitions/invalid/empty.yaml",
      "missing.yaml"
    )
    expect(stdout.trim().split("\n")).toEqual([
      "test/fixtures/definitions/invalid/empty.yaml: (root): Expected a workflow definition (an object with name, start and steps), but got null",
      "missing.yaml: (root): Expected a readable file, but it cannot be read (NotFound)"
    ])
    expect(code).toBe(1)
  })

  it("passes on every example", async () => {
    const examples = readdirSync(join(root, "examples")).filter((file) => file.endsWith(".yaml"))
    expect(examples.length).toBeGreaterThanOrEqual(6)
    const { code, stdout } = await run("validate", ...examples.map((file) => `examples/${file}`))
    expect(stdout.trim().split("\n")).toEqual(examples.map((file) => `examples/${file}: OK`))
    expect(code).toBe(0)
  })

  it("exits 2 on a usage mistake", async () => {
    expect((await run("validate")).code).toBe(2)
  })
})
