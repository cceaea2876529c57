/** One segment of a JSON pointer in a URI fragment: percent-decoded, then `~1` and `~0` unescaped. */
export const pointerSegment = (raw: string): string => {
  let text = raw
  try {
    text = decodeURIComponent(raw)
  } catch {
    // Not percent-encoded text: the segment is read as written.
  }
  return text.replace(/~1/g, "/").replace(/~0/g, "~")
}
