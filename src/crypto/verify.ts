/**
 * Signature verification of ANS-104 data items with node:crypto.
 *
 * Type 1 (Arweave): RSA-PSS with SHA-256 over the deep-hash message, public exponent 65537, modulus = the
 * 512-byte owner. The salt length is auto-detected from the signature (RSA_PSS_SALTLEN_AUTO), exactly as
 * arweave-js verifies in node: signers in the wild use different salts (arweave-js / arbundles /
 * aoconnect sign with node's default, the maximum 478 bytes for a 4096-bit key; arweave-js in browsers
 * uses 32; some wallets 0), and all must verify.
 * Type 2: ed25519 over the deep-hash message, public key = the 32-byte owner.
 *
 * Public KeyObjects are cached per owner (importing an RSA key costs more than one verification).
 */
import { constants, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { base64urlEncode } from '../core/base64url.js';
import { type DataItemSections, decodeDataItem, locateSections, sectionsMessage } from '../core/data-item.js';
import { AoliteError } from '../core/errors.js';
import type { DataItem, SignatureType } from '../core/types.js';
import { nodeHashes } from './hashes.js';

const KEY_CACHE_LIMIT = 4096;
const keyCache = new Map<string, KeyObject>();

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 key bytes follow. */
const ED25519_SPKI_PREFIX = Uint8Array.from([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
]);

function importKey(signatureType: SignatureType, owner: Uint8Array): KeyObject {
  if (signatureType === 1) {
    return createPublicKey({ key: { kty: 'RSA', n: base64urlEncode(owner), e: 'AQAB' }, format: 'jwk' });
  }
  const der = new Uint8Array(ED25519_SPKI_PREFIX.length + owner.length);
  der.set(ED25519_SPKI_PREFIX);
  der.set(owner, ED25519_SPKI_PREFIX.length);
  return createPublicKey({ key: Buffer.from(der.buffer), format: 'der', type: 'spki' });
}

/** The public key of an item's owner; `ownerAddress` (SHA-256 of the owner) is the cache key. */
export function ownerKey(signatureType: SignatureType, owner: Uint8Array, ownerAddress: string): KeyObject {
  const cacheKey = `${signatureType}:${ownerAddress}`;
  let key = keyCache.get(cacheKey);
  if (key) return key;
  key = importKey(signatureType, owner);
  if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value!);
  keyCache.set(cacheKey, key);
  return key;
}

/** True if the item's signature is valid for its owner over its deep-hash message (read from `item.raw`). */
export function verifyDataItem(item: DataItem): boolean {
  const sections = locateSections(item.raw);
  // The cache key is recomputed from the raw owner: `item` may have been built or altered by the caller.
  return verifySections(sections, base64urlEncode(nodeHashes.sha256(sections.owner)));
}

function verifySections(sections: DataItemSections, ownerAddress: string): boolean {
  const message = sectionsMessage(sections, nodeHashes.sha384);
  let key: KeyObject;
  try {
    key = ownerKey(sections.signatureType, sections.owner, ownerAddress);
  } catch {
    return false; // an owner that is not a usable public key cannot have signed anything
  }
  try {
    if (sections.signatureType === 1) {
      return verify(
        'sha256',
        message,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
        sections.signature,
      );
    }
    return verify(null, message, key, sections.signature);
  } catch {
    return false;
  }
}

/**
 * Decodes an item and verifies its signature: the one call for untrusted bytes (HTTP ingest). Throws
 * `AoliteError` INVALID_DATA_ITEM / LIMIT_EXCEEDED / UNSUPPORTED_SIGNATURE_TYPE from decoding, or
 * INVALID_SIGNATURE.
 */
export function parseAndVerify(bytes: Uint8Array): DataItem {
  const item = decodeDataItem(bytes, nodeHashes);
  if (!verifySections(locateSections(item.raw), item.ownerAddress)) throw invalidSignature(item);
  return item;
}

/** The INVALID_SIGNATURE error for a decoded item whose signature does not verify. */
export function invalidSignature(item: DataItem): AoliteError {
  return new AoliteError(
    'INVALID_SIGNATURE',
    `data item ${item.id} has an invalid signature: it was not signed by its owner ${item.ownerAddress} (signature type ${item.signatureType}) over its contents`,
    { id: item.id, owner: item.ownerAddress, signatureType: item.signatureType },
  );
}
