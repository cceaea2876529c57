import type { Either } from "effect"

/**
 * The one shape of every decider: `decide` answers a command with events or a typed
 * rejection (an empty array means there is nothing to do, so redelivery is safe);
 * `evolve` folds one event into the state and never throws.
 */
export interface Decider<C, E, S, R> {
  readonly initialState: S
  readonly decide: (command: C, state: S) => Either.Either<ReadonlyArray<E>, R>
  readonly evolve: (state: S, event: E) => S
}

/** Folds events into a state from the decider's initial state. */
export const fold = <C, E, S, R>(decider: Decider<C, E, S, R>, events: Iterable<E>, from?: S): S => {
  let state = from ?? decider.initialState
  for (const event of events) state = decider.evolve(state, event)
  return state
}
