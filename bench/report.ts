/** Prints one benchmark figure in the house format `NAME: INTEGER UNIT`. */
export const report = (name: string, value: number, unit: string): void => {
  console.log(`${name}: ${Math.round(value)} ${unit}`)
}

/** Runs `body` repeatedly for at least `minMs` and returns operations per second. */
export const measureRate = (body: () => number, minMs = 1000): number => {
  const started = process.hrtime.bigint()
  let operations = 0
  let elapsedMs = 0
  while (elapsedMs < minMs) {
    operations += body()
    elapsedMs = Number(process.hrtime.bigint() - started) / 1e6
  }
  return (operations * 1000) / elapsedMs
}

/**
 * The median of `rounds` measurements of a rate: one round disturbed by the garbage collector,
 * the JIT or another process moves the median little.
 */
export const medianRate = (rounds: number, measure: () => number): number => {
  const rates = Array.from({ length: rounds }, measure).sort((a, b) => a - b)
  return rates[Math.floor(rounds / 2)]!
}
