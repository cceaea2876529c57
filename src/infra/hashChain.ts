import * as crypto from "node:crypto"
import type { TenantId } from "../domain/ids.ts"
import { canonicalJson } from "../domain/json/canonical.ts"
import type { Json } from "../domain/json/Json.ts"

/** One link of a stream's hash chain: everything the hash covers. */
export interface ChainLink {
  readonly prev: string
  readonly tenant: TenantId | string
  readonly stream: string
  readonly version: number
  readonly type: string
  readonly data: Json
  readonly metadata: Json
}

/** The canonical text a link's hash is computed over: `JCS([prev, tenant, stream, version, type, data, metadata])`. */
export const linkText = (link: ChainLink): string =>
  canonicalJson([link.prev, link.tenant, link.stream, link.version, link.type, link.data, link.metadata])

/**
 * The same text from the canonical texts of data and metadata, so a commit serialises each
 * payload once and reuses the text for the hash and the database. JCS writes an array as its
 * elements' canonical forms joined by commas, strings as JSON.stringify does and integers plainly.
 */
export const linkTextOf = (
  prev: string,
  tenant: string,
  stream: string,
  version: number,
  type: string,
  dataText: string,
  metadataText: string
): string =>
  `[${JSON.stringify(prev)},${JSON.stringify(tenant)},${JSON.stringify(stream)},${version},${JSON.stringify(type)},${dataText},${metadataText}]`

/**
 * Lower-case hex SHA-256 of a string's UTF-8 bytes by Node's native crypto: the digest of the
 * domain's pure-JS `sha256Hex` (a property test pins it), several times faster, which counts on
 * the commit path (one hash per event). The one-shot `crypto.hash` (Node 20.12) makes no Hash
 * object; older Node 20 releases take `createHash`.
 */
export const nativeSha256Hex: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "hex")
    : (text) => crypto.createHash("sha256").update(text, "utf8").digest("hex")

/** `hex(sha256(JCS([prev, tenant, stream, version, type, data, metadata])))` (DESIGN §4). */
export const linkHash = (link: ChainLink): string => nativeSha256Hex(linkText(link))
