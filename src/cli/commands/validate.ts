import { Args, Command } from "@effect/cli"
import { FileSystem } from "@effect/platform"
import { Console, Effect, Either } from "effect"
import { formatOfFile } from "../../domain/definition/source/parseSource.ts"
import { validateSource } from "../../domain/definition/validate/validateDefinition.ts"
import { formatPath, type Problem } from "../../domain/Problem.ts"
import { cronerScheduleChecks } from "../../infra/schedule/cronerScheduleChecks.ts"

/** `file:line:column path: message`, or `file: path: message` where the source gives no position. */
export const problemLine = (file: string, problem: Problem): string =>
  `${file}${problem.line === undefined ? ":" : `:${problem.line}:${problem.column ?? 1}`} ${formatPath(problem.path)}: ${problem.message}`

/** The lines `validate` prints for one file's text: one per problem, or `file: OK`. */
export const validationReport = (file: string, text: string): ReadonlyArray<string> =>
  Either.match(validateSource(text, formatOfFile(file), { schedules: cronerScheduleChecks }), {
    onLeft: (problems) => problems.map((problem) => problemLine(file, problem)),
    onRight: () => [`${file}: OK`]
  })

const unreadable = (error: { readonly message: string; readonly reason?: string }): string =>
  error.reason ?? error.message

const files = Args.text({ name: "FILE" }).pipe(
  Args.withDescription("Workflow definitions to check (.yaml, .yml or .json)"),
  Args.atLeast(1)
)

/**
 * `foldflow validate FILE…`: checks each definition and prints every problem with its place;
 * the exit code is 1 when any file has a problem (or cannot be read), else 0.
 */
export const validate = Command.make("validate", { files }, ({ files }) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    let failed = false
    for (const file of files) {
      const text = yield* Effect.either(fs.readFileString(file))
      const lines = Either.isLeft(text)
        ? [`${file}: (root): Expected a readable file, but it cannot be read (${unreadable(text.left)})`]
        : validationReport(file, text.right)
      if (Either.isLeft(text) || !lines[0]?.endsWith(": OK")) failed = true
      for (const line of lines) yield* Console.log(line)
    }
    // The exit code is the command's answer; runMain leaves a set code alone on success.
    if (failed) yield* Effect.sync(() => (process.exitCode = 1))
  })
).pipe(Command.withDescription("Check workflow definitions and print every problem with its path"))
