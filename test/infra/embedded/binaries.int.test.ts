import { mkdir, readlink, rm, writeFile } from "node:fs/promises"
import path from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { restoreSymlinks } from "../../../src/infra/embedded/binaries.ts"
import { freshFolder, startFailure } from "./harness.ts"

describe("the binaries package installed without its postinstall script", () => {
  let folder: string
  beforeAll(async () => {
    folder = await freshFolder()
  })
  afterAll(() => rm(folder, { recursive: true, force: true }))

  it("gets its shared-library links back, relative, and a second pass changes nothing", async () => {
    // The package's layout: paths in pg-symlinks.json are relative to the package folder.
    const nativeDir = path.join(folder, "package", "native")
    await mkdir(path.join(nativeDir, "lib"), { recursive: true })
    await writeFile(path.join(nativeDir, "lib", "libpq.so.5.17"), "")
    const links = [
      { source: "native/lib/libpq.so.5.17", target: "native/lib/libpq.so.5" },
      { source: "native/lib/libpq.so.5.17", target: "native/lib/libpq.so" }
    ]
    await writeFile(path.join(nativeDir, "pg-symlinks.json"), JSON.stringify(links))

    await Effect.runPromise(restoreSymlinks(nativeDir))
    expect(await readlink(path.join(nativeDir, "lib", "libpq.so.5"))).toBe("libpq.so.5.17")
    expect(await readlink(path.join(nativeDir, "lib", "libpq.so"))).toBe("libpq.so.5.17")

    await Effect.runPromise(restoreSymlinks(nativeDir))
    expect(await readlink(path.join(nativeDir, "lib", "libpq.so.5"))).toBe("libpq.so.5.17")
  })
})

describe.runIf(process.getuid?.() === 0)("a data folder the server's user cannot reach", () => {
  let folder: string
  beforeAll(async () => {
    folder = await freshFolder()
  })
  afterAll(() => rm(folder, { recursive: true, force: true }))

  it("is refused with the folder to open up, before anything is written", async () => {
    const closed = path.join(folder, "closed")
    await mkdir(closed, { mode: 0o700 })
    const dataDir = path.join(closed, "pg")
    const failure = await startFailure({ dataDir })
    expect(failure.message).toBe(
      `Expected postgres, which runs the server, to reach the data folder ${dataDir}, but ${closed} ` +
        `(mode 0700, owner uid 0) is not searchable by postgres. Set FOLDFLOW_DATA_DIR to a folder it ` +
        `can reach, or let it through (chmod o+x on that folder)`
    )
  })
})
