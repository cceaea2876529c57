import { Command, ValidationError } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Effect } from "effect"
import { migrate } from "./commands/migrate.ts"
import { validate } from "./commands/validate.ts"

/**
 * The `foldflow` command line. Each subcommand lives in src/cli/commands/<name>.ts; to add one,
 * import it and add it to the list below.
 */
const foldflow = Command.make("foldflow").pipe(
  Command.withDescription("Foldflow: a durable, event-sourced workflow engine"),
  Command.withSubcommands([validate, migrate])
)

const run = Command.run(foldflow, { name: "foldflow", version: "0.1.0" })

run(process.argv).pipe(
  // A usage mistake is already printed with the help that fixes it; only the exit code is left to set.
  Effect.catchIf(ValidationError.isValidationError, () => Effect.sync(() => (process.exitCode = 2))),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain
)
