import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js"
import type { Instant } from "./schema/Instant.ts"

/**
 * A child's instance id, derived so that replaying the parent's decision yields the same id: a
 * UUIDv7 whose time bits are the decision's `at` and whose other bits come from SHA-256 of the
 * parent's id and the subflow token.
 */
export const childInstanceId = (parentInstanceId: string, token: string, at: Instant): string => {
  const hash = sha256(utf8ToBytes(`${parentInstanceId}/${token}`))
  const bytes = new Uint8Array(16)
  let ms = Math.max(0, Math.floor(at))
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256
    ms = Math.floor(ms / 256)
  }
  bytes.set(hash.subarray(0, 10), 6)
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f)
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f)
  const hex = bytesToHex(bytes)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** Deterministic ids of the commands the outbox carries to other streams. */
export const outboxCommandIds = {
  startChild: (childId: string) => `start:${childId}`,
  cancelChild: (childId: string) => `cancel:${childId}`,
  reportResult: (instanceId: string) => `result:${instanceId}`
} as const

/** A number in [0, 1) read from SHA-256 of (instance, token, attempt): retry jitter that replays. */
export const jitterFraction = (instanceId: string, token: string, attempt: number): number => {
  const hash = sha256Of(`${instanceId}/${token}/${attempt}`)
  const word =
    (((hash[0] ?? 0) << 24) | ((hash[1] ?? 0) << 16) | ((hash[2] ?? 0) << 8) | (hash[3] ?? 0)) >>> 0
  return word / 2 ** 32
}

// SHA-256 of short ids without allocating a hasher, an encoder and buffers per call: a pristine
// hasher is copied into a working one (`_cloneInto`, part of @noble/hashes' Hash interface), and
// ASCII text is written into a reused buffer (UTF-8 and ASCII agree there). The digest is read
// before the next call; decisions are synchronous, so nothing else uses the buffers meanwhile.
const pristine = sha256.create()
const working = sha256.create()
const digest = new Uint8Array(32)
const text = new Uint8Array(256)

const sha256Of = (value: string): Uint8Array => {
  let bytes: Uint8Array | undefined = value.length <= text.length ? text.subarray(0, value.length) : undefined
  for (let i = 0; bytes !== undefined && i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x80) bytes[i] = code
    else bytes = undefined
  }
  pristine._cloneInto(working)
  working.update(bytes ?? utf8ToBytes(value))
  working.digestInto(digest)
  return digest
}
