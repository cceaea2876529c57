import type { CelList, CelValue } from "@bufbuild/cel"

/**
 * CEL lists that append in amortized constant time. The library's own list concatenation builds
 * a view over both operands; a `map` or `filter` over n items nests n such views, and walking
 * the result then recurses n deep (a stack overflow from about 10,000 items). Here, appending
 * to the newest view of a buffer extends the buffer in place — older views keep their own
 * length, so every list stays immutable — and anything else copies once.
 */

// The library recognises lists by this registered symbol (`isCelList`); there is no public way
// to add a list implementation. Pinned by test/domain/expressions/evaluate.unit.test.ts.
const celListMarker = Symbol.for("@bufbuild/cel/list")

class AppendList {
  readonly [celListMarker] = {}
  constructor(
    readonly buffer: Array<CelValue>,
    readonly size: number
  ) {}
  get(index: number): CelValue | undefined {
    return index >= 0 && index < this.size ? this.buffer[index] : undefined
  }
  *values(): IterableIterator<CelValue> {
    for (let index = 0; index < this.size; index++) yield this.buffer[index] as CelValue
  }
  [Symbol.iterator](): IterableIterator<CelValue> {
    return this.values()
  }
}

/** `left + right` for lists; reports how many elements it had to write. */
export const concatLists = (
  left: CelList,
  right: CelList
): { readonly list: CelList; readonly written: number } => {
  if (left instanceof AppendList && left.size === left.buffer.length) {
    for (const value of right) left.buffer.push(value)
    return { list: asCelList(new AppendList(left.buffer, left.buffer.length)), written: right.size }
  }
  const buffer = [...left, ...right]
  return { list: asCelList(new AppendList(buffer, buffer.length)), written: buffer.length }
}

const asCelList = (list: AppendList): CelList => list as unknown as CelList
