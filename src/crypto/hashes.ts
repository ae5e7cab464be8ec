/** SHA-256 / SHA-384 through node:crypto, for the data-item codec (faster than the pure-JS defaults). */
import { createHash } from 'node:crypto';
import type { Sha384 } from '../core/deep-hash.js';
import type { CoreHashes } from '../core/hashes.js';

const sha384: Sha384 = (...parts) => {
  const h = createHash('sha384');
  for (const part of parts) h.update(part);
  return h.digest();
};

export const nodeHashes: CoreHashes = {
  sha256: (bytes) => createHash('sha256').update(bytes).digest(),
  sha384,
};
