import type { StreamId } from "../domain/ids.ts"
import { tenantOf } from "../domain/ids.ts"
import type { ChainVerification } from "../engine/ports/EventStore.ts"
import { genesisHash } from "../engine/ports/RecordedEvent.ts"
import type { Json } from "../domain/json/Json.ts"
import { linkHash } from "./hashChain.ts"

/** What the chain covers of a stored event, and the hash stored with it. */
export interface StoredLink {
  readonly version: number
  readonly type: string
  readonly data: Json
  readonly metadata: Json
  readonly hash: string
}

/** The head a stream claims: its version and last hash, or none when no head row exists. */
export interface ClaimedHead {
  readonly version: number
  readonly lastHash: string
}

/**
 * Recomputes a stream's chain from its first event and compares it with what is stored:
 * versions contiguous from 1, each hash recomputed from its predecessor, and the head matching
 * the last event. Names the first broken link.
 */
export const verifyChain = (
  stream: StreamId,
  events: ReadonlyArray<StoredLink>,
  head: ClaimedHead | undefined
): ChainVerification => {
  const tenant = tenantOf(stream)
  let prev = genesisHash
  let version = 0
  for (const event of events) {
    const expectedVersion = version + 1
    if (event.version !== expectedVersion)
      return broken(
        stream,
        expectedVersion,
        `Expected version ${expectedVersion}, but the next event is version ${event.version}`
      )
    const hash = linkHash({
      prev,
      tenant,
      stream,
      version: event.version,
      type: event.type,
      data: event.data,
      metadata: event.metadata
    })
    if (hash !== event.hash)
      return broken(
        stream,
        event.version,
        `Expected hash ${hash} recomputed from the event and its predecessor, but ${event.hash} is stored`
      )
    prev = hash
    version = event.version
  }
  const claimed = head ?? { version: 0, lastHash: genesisHash }
  if (claimed.version !== version)
    return broken(
      stream,
      Math.min(claimed.version, version) + 1,
      `Expected the head at version ${version} (the last event), but it claims version ${claimed.version}`
    )
  if (claimed.lastHash !== prev)
    return broken(stream, version, `Expected the head's last hash ${prev}, but it holds ${claimed.lastHash}`)
  return { _tag: "Intact", stream, version, lastHash: prev }
}

const broken = (stream: StreamId, version: number, reason: string): ChainVerification => ({
  _tag: "Broken",
  stream,
  version,
  reason
})
