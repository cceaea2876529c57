/**
 * The bounds every expression runs within. They keep a definition from holding the event loop
 * or the heap: an expression is small, shallow, and its evaluation has a step and size budget.
 */
export const expressionLimits = {
  /** Characters (UTF-16 code units) of one expression's source. */
  maxSourceLength: 8192,
  /** Nesting of brackets, braces and parentheses, checked before parsing. */
  maxNesting: 32,
  /** Depth of the parsed syntax tree (e.g. long chains of `+` or `!`). */
  maxTreeDepth: 128,
  /** Steps of one evaluation: every function or operator call and every comprehension iteration. */
  maxSteps: 100_000,
  /** Characters of one string (or bytes of one bytes value) an evaluation produces. */
  maxStringLength: 1_048_576,
  /** Elements of one list or entries of one map an evaluation produces. */
  maxCollectionSize: 100_000,
  /** Sum of the sizes of every string, bytes, list and map an evaluation produces. */
  maxAllocation: 16_777_216,
  /** Characters of one regular expression pattern. */
  maxPatternLength: 1024
} as const
