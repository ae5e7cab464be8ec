/**
 * The Arweave / ANS-104 "deep hash": a SHA-384 hash over a tree of byte strings.
 *
 *   blob b      → H( H("blob" ‖ decimal(len b)) ‖ H(b) )
 *   list [c…]   → acc₀ = H("list" ‖ decimal(count)); accᵢ₊₁ = H(accᵢ ‖ deepHash(cᵢ)); result = last acc
 *
 * The SHA-384 function is a parameter so that node code can pass node:crypto (several times faster
 * than JS hashing); core stays pure and defaults to @noble/hashes.
 */
import { sha384 as nobleSha384 } from '@noble/hashes/sha2.js';

/** SHA-384 of the concatenation of `parts`. */
export type Sha384 = (...parts: Uint8Array[]) => Uint8Array;

export const sha384Noble: Sha384 = (...parts) => {
  if (parts.length === 1) return nobleSha384(parts[0]!);
  const h = nobleSha384.create();
  for (const part of parts) h.update(part);
  return h.digest();
};

export type DeepHashChunk = Uint8Array | DeepHashChunk[];

const utf8 = new TextEncoder();

/** H("blob" ‖ decimal(length)) depends only on the length; the common ones are remembered. */
const blobTagCache = new Map<number, Uint8Array>();
const BLOB_TAG_CACHE_LIMIT = 4096;

function blobTagHash(length: number, sha384: Sha384): Uint8Array {
  const cached = blobTagCache.get(length);
  if (cached) return cached;
  const hash = sha384(utf8.encode(`blob${length}`));
  if (blobTagCache.size < BLOB_TAG_CACHE_LIMIT) blobTagCache.set(length, hash);
  return hash;
}

/** Deep hash of one blob. */
export function deepHashBlob(bytes: Uint8Array, sha384: Sha384 = sha384Noble): Uint8Array {
  return sha384(blobTagHash(bytes.length, sha384), sha384(bytes));
}

/** The accumulator of a list of `count` elements before any element is folded in. */
export function deepHashListStart(count: number, sha384: Sha384 = sha384Noble): Uint8Array {
  return sha384(utf8.encode(`list${count}`));
}

/** Folds one more element's deep hash into a list accumulator. */
export function deepHashListStep(acc: Uint8Array, elementHash: Uint8Array, sha384: Sha384 = sha384Noble) {
  return sha384(acc, elementHash);
}

export function deepHash(chunk: DeepHashChunk, sha384: Sha384 = sha384Noble): Uint8Array {
  if (chunk instanceof Uint8Array) return deepHashBlob(chunk, sha384);
  let acc = deepHashListStart(chunk.length, sha384);
  for (const element of chunk) acc = deepHashListStep(acc, deepHash(element, sha384), sha384);
  return acc;
}
