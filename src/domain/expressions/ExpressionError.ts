/**
 * Why an expression failed to compile or evaluate. Errors are values: nothing in
 * src/domain/expressions throws to its callers.
 */
export type ExpressionErrorKind = "syntax" | "type" | "evaluation" | "cost" | "regex" | "limit"

export interface ExpressionError {
  readonly _tag: "ExpressionError"
  readonly kind: ExpressionErrorKind
  /** In the form "Expected …, but …". */
  readonly message: string
  readonly source: string
  /** 0-based index into `source`. */
  readonly offset?: number
  /** 1-based, within the expression. */
  readonly line?: number
  /** 1-based, in UTF-16 code units like `offset`. */
  readonly column?: number
}

/** Builds an error; with an offset, also its line and column within `source`. */
export const expressionError = (
  kind: ExpressionErrorKind,
  message: string,
  source: string,
  offset?: number
): ExpressionError => {
  if (offset === undefined) return { _tag: "ExpressionError", kind, message, source }
  const at = Math.max(0, Math.min(offset, source.length))
  const before = source.slice(0, at)
  const lineStart = before.lastIndexOf("\n") + 1
  return {
    _tag: "ExpressionError",
    kind,
    message,
    source,
    offset: at,
    line: before.split("\n").length,
    column: at - lineStart + 1
  }
}

/** One line for logs and problem lists: `message (line L, column C)`. */
export const formatExpressionError = (error: ExpressionError): string =>
  error.line === undefined ? error.message : `${error.message} (line ${error.line}, column ${error.column})`
