import type { ChildProcess } from "node:child_process"

/**
 * Servers run in their own process group (so a Ctrl-C in the terminal reaches only Foldflow, which
 * then closes its pools before stopping the server). The price: a Foldflow process that exits
 * without closing its scope would leave them running. These hooks stop them in that case.
 */
const running = new Set<ChildProcess>()
const signals: ReadonlyArray<NodeJS.Signals> = ["SIGINT", "SIGTERM", "SIGHUP"]

/** Servers asked to stop, so that their exit is not reported as a crash. */
const stopRequested = new WeakSet<ChildProcess>()

/** A fast shutdown ends sessions, rolls back open transactions and writes a checkpoint. */
export const requestFastShutdown = (child: ChildProcess): void => {
  stopRequested.add(child)
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT")
}

export const wasStopRequested = (child: ChildProcess): boolean => stopRequested.has(child)

/** The process is exiting (process.exit, or its loop ran dry): the servers finish on their own. */
const onExit = (): void => running.forEach(requestFastShutdown)

/**
 * When another listener owns the signal (NodeRuntime.runMain, a test runner), it closes the scopes
 * that stop the servers. Alone, we stop them, then re-raise the signal for its default action.
 */
const onSignal = (signal: NodeJS.Signals): void => {
  if (process.listenerCount(signal) > 1) return
  const children = [...running]
  running.clear()
  uninstall()
  const exits = children.map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once("exit", () => resolve())
        requestFastShutdown(child)
      })
  )
  const patience = new Promise<void>((resolve) => setTimeout(resolve, 30_000).unref())
  void Promise.race([Promise.all(exits), patience]).then(() => process.kill(process.pid, signal))
}

const install = (): void => {
  signals.forEach((signal) => process.on(signal, onSignal))
  process.on("exit", onExit)
}

const uninstall = (): void => {
  signals.forEach((signal) => process.off(signal, onSignal))
  process.off("exit", onExit)
}

/** Watches a started server until it exits. */
export const trackServer = (child: ChildProcess): void => {
  if (running.size === 0) install()
  running.add(child)
  child.once("exit", () => {
    if (running.delete(child) && running.size === 0) uninstall()
  })
}
