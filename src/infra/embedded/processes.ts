import { readFileSync } from "node:fs"

/**
 * Whether a process with this pid runs. EPERM means it exists but belongs to another user; a
 * zombie (dead, not yet reaped: Linux shows it as state Z) does not count.
 */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false
  }
  return processState(pid) !== "Z"
}

const readProc = (pid: number, file: string): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8")
  } catch {
    return undefined
  }
}

const statFields = (pid: number): ReadonlyArray<string> | undefined => {
  const stat = readProc(pid, "stat")
  // Fields after the command name, which is in parentheses and may itself contain spaces.
  return stat?.slice(stat.lastIndexOf(")") + 2).split(" ")
}

/** The process's state letter (R, S, Z …), where /proc tells it. */
const processState = (pid: number): string | undefined => statFields(pid)?.[0]

/**
 * When the process started, in clock ticks since boot (Linux only; undefined elsewhere). A pid
 * recorded with its start time identifies one process even after the pid is reused.
 */
export const processStartTicks = (pid: number): string | undefined => statFields(pid)?.[19]

/**
 * The environment for initdb and the server: this process's, less libpq's PG* variables (which
 * would redirect them), with C messages so logs read the same on every machine.
 */
export const serverEnvironment = (): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("PG"))),
  LC_ALL: "C"
})
