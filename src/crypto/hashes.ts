/**
 * SHA-256 / SHA-384 through node:crypto for the data-item codec (several times faster than pure JS).
 * The deep hash makes ~15 small SHA-384 calls per item, so the one-shot `crypto.hash` is used, and the
 * two-part inputs (two 48-byte hashes) are joined in a scratch buffer instead of a streaming Hash object.
 * Not re-entrant across threads, which is fine: each worker thread has its own module instance.
 */
import { createHash, hash } from 'node:crypto';
import type { Sha384 } from '../core/deep-hash.js';
import type { CoreHashes } from '../core/hashes.js';

const SCRATCH_BYTES = 256;
const scratch = new Uint8Array(SCRATCH_BYTES);

const sha384: Sha384 = (...parts) => {
  if (parts.length === 1) return hash('sha384', parts[0]!, 'buffer');
  let total = 0;
  for (const part of parts) total += part.length;
  if (total <= SCRATCH_BYTES) {
    let offset = 0;
    for (const part of parts) {
      scratch.set(part, offset);
      offset += part.length;
    }
    return hash('sha384', scratch.subarray(0, total), 'buffer');
  }
  const h = createHash('sha384');
  for (const part of parts) h.update(part);
  return h.digest();
};

export const nodeHashes: CoreHashes = {
  sha256: (bytes) => hash('sha256', bytes, 'buffer'),
  sha384,
};
