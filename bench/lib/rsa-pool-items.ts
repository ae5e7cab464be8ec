/** The items of the ingest pool: an RSA-signed process for the bench node, and transfers to it. */

import type { DataItemDraft } from '../../src/core/types.js';
import { createEd25519Signer } from '../../src/crypto/index.js';
import { aoTags, seed, transferTags } from './fixtures.js';

/** The bench node's fixed ed25519 seed (its node-key.json is written from it). */
export const NODE_SEED = seed(42);
export const nodeAddress = (): string => createEd25519Signer(NODE_SEED).address;

export function poolProcessDraft(scheduler: string): DataItemDraft {
  return {
    tags: [
      ...aoTags('Process'),
      { name: 'Module', value: Buffer.alloc(32, 9).toString('base64url') },
      { name: 'Scheduler', value: scheduler },
      { name: 'Name', value: 'bench-ingest' },
      { name: 'SDK', value: 'aoconnect' },
    ],
    data: '1984',
  };
}

export function poolMessageDraft(processId: string, i: number): DataItemDraft {
  return { target: processId, tags: transferTags(String(i + 1)), data: `transfer ${i}` };
}
