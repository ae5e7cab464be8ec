/**
 * The two hash functions the data-item codec needs. Core defaults to @noble/hashes (pure JS); node code
 * passes node:crypto versions (src/crypto/hashes.ts), which are several times faster.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { type Sha384, sha384Noble } from './deep-hash.js';

export interface CoreHashes {
  sha256(bytes: Uint8Array): Uint8Array;
  sha384: Sha384;
}

export const nobleHashes: CoreHashes = {
  sha256: (bytes) => nobleSha256(bytes),
  sha384: sha384Noble,
};
