/**
 * The fast path's one way out. It evaluates only where it knows exactly what @bufbuild/cel
 * would answer; anywhere else — an error, a type it does not handle, a budget about to run out
 * — it throws this, and the expression is evaluated again by the library, which gives the
 * value or the error (with its message, position and kind) as it always did. Evaluation is
 * pure, so evaluating twice is invisible.
 */
export class Unsure {
  private constructor() {}
  static readonly signal = new Unsure()
}

/** Leaves the fast path (a preallocated value, so throwing it captures no stack). */
export const unsure = (): never => {
  throw Unsure.signal
}
