import { Either, Schema } from "effect"
import { expect } from "vitest"
import type { Decider } from "../../src/domain/Decider.ts"

/**
 * Given/when/then specs for any decider, comparing events in their encoded (stored) form:
 *
 *   const given = DeciderSpec.for(decider, Event)
 *   given([created]).when(publish).then([published])
 *   given([archived]).when(publish).thenRejects("Expected a draft or published definition, but it is archived")
 */
export const DeciderSpec = {
  for: <C, E, EI, S, R>(decider: Decider<C, E, S, R>, eventSchema: Schema.Schema<E, EI>) => {
    const encode = Schema.encodeSync(Schema.Array(eventSchema))
    return (given: ReadonlyArray<E>) => {
      const state = given.reduce(decider.evolve, decider.initialState)
      return {
        when: (command: C) => {
          const result = decider.decide(command, state)
          return {
            /** The decision's events, equal in encoded form; `[]` asserts there is nothing to do. */
            then: (expected: ReadonlyArray<E>): ReadonlyArray<E> => {
              if (Either.isLeft(result))
                throw new Error(`Expected events, but the command was rejected: ${describe(result.left)}`)
              expect(encode(result.right)).toEqual(encode(expected))
              return result.right
            },
            /** The decision's events pass the assertion (for events with derived fields). */
            thenEvents: (assert: (events: ReadonlyArray<E>, state: S) => void): ReadonlyArray<E> => {
              if (Either.isLeft(result))
                throw new Error(`Expected events, but the command was rejected: ${describe(result.left)}`)
              assert(result.right, result.right.reduce(decider.evolve, state))
              return result.right
            },
            /** A rejection whose message contains `message`, or that passes the predicate. */
            thenRejects: (expected: string | ((rejection: R) => void)): R => {
              if (Either.isRight(result))
                throw new Error(
                  `Expected a rejection, but the command decided ${JSON.stringify(encode(result.right))}`
                )
              if (typeof expected === "string") expect(describe(result.left)).toContain(expected)
              else expected(result.left)
              return result.left
            },
            /** The state after folding the decision's events. */
            thenState: (assert: (state: S) => void): void => {
              if (Either.isLeft(result))
                throw new Error(`Expected events, but the command was rejected: ${describe(result.left)}`)
              assert(result.right.reduce(decider.evolve, state))
            }
          }
        },
        state
      }
    }
  }
}

const describe = (rejection: unknown): string =>
  typeof rejection === "object" && rejection !== null && "message" in rejection
    ? String((rejection as { message: unknown }).message)
    : JSON.stringify(rejection)
