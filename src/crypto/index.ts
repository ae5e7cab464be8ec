/**
 * The node side of the data-item codec: verification, signers, and signing with node:crypto hashes.
 * Pure parsing/encoding lives in src/core/data-item.ts.
 */
import { createDataItem } from '../core/data-item.js';
import type { DataItem, DataItemDraft, Signer } from '../core/types.js';
import { nodeHashes } from './hashes.js';

export { nodeHashes } from './hashes.js';
export {
  type ArweaveJwk,
  createArweaveSigner,
  createEd25519Signer,
  generateArweaveJwk,
  generateEd25519Seed,
} from './signers.js';
export { parseAndVerify, verifyDataItem } from './verify.js';

/** `createDataItem` (core) with node:crypto hashing: encode + sign synchronously, several times faster. */
export function signDataItem(draft: DataItemDraft, signer: Signer): DataItem {
  return createDataItem(draft, signer, nodeHashes);
}
export { createVerifyPool, type VerifyPool, type VerifyPoolOptions } from './verify-pool.js';
