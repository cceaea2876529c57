import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js"

/**
 * The rolling hash of stream heads of an integrity checkpoint: SHA-256 over
 * `stream\nversion\nlastHash\n` for every stream in code-unit order of its id. Adding heads one
 * at a time keeps memory flat however many streams there are.
 */
export const makeHeadsDigest = () => {
  const hasher = sha256.create()
  let streams = 0
  let events = 0
  return {
    add: (stream: string, version: number, lastHash: string): void => {
      hasher.update(utf8ToBytes(`${stream}\n${version}\n${lastHash}\n`))
      streams += 1
      events += version
    },
    result: () => ({ headsHash: bytesToHex(hasher.digest()), streams, count: events })
  }
}
