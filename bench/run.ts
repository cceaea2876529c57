/**
 * `npm run bench` runs every suite; `npm run bench -- SUITE…` runs the named ones.
 * A suite is a module in bench/suites/ whose default export is `() => Promise<void>`;
 * each figure it prints is one line `NAME: INTEGER UNIT` (see bench/report.ts).
 */
import { readdirSync } from "node:fs"
import { basename, dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const suitesDir = join(dirname(fileURLToPath(import.meta.url)), "suites")
const available = readdirSync(suitesDir)
  .filter((file) => file.endsWith(".ts"))
  .map((file) => basename(file, ".ts"))
  .sort()

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith("-"))
const unknown = requested.filter((name) => !available.includes(name))
if (unknown.length > 0) {
  console.error(`Unknown benchmark suite(s): ${unknown.join(", ")}. Available: ${available.join(", ")}`)
  process.exit(2)
}

for (const name of requested.length > 0 ? requested : available) {
  console.error(`# ${name}`)
  const suite = (await import(join(suitesDir, `${name}.ts`))) as { default: () => Promise<void> }
  await suite.default()
}
