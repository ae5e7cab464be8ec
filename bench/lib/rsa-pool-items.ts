/** The items of the ingest pool: an RSA-signed process for the bench node, and transfers to it. */
import { builtinModuleItem } from '../../src/compute/index.js';
import type { DataItemDraft } from '../../src/core/types.js';
import { createEd25519Signer, signDataItem } from '../../src/crypto/index.js';
import { libraryFingerprint } from '../../src/runtime/fingerprint.js';
import { loadAosLibrary } from '../../src/runtime/library.js';
import { aoTags, seed, transferTags } from './fixtures.js';

/** The bench node's fixed ed25519 seed (its node-key.json is written from it). */
export const NODE_SEED = seed(42);
export const nodeAddress = (): string => createEd25519Signer(NODE_SEED).address;
/** The bench node's built-in module id (a spawn must name a module the node knows). */
export const nodeModuleId = (): string =>
  builtinModuleItem({
    signer: createEd25519Signer(NODE_SEED),
    createItem: signDataItem,
    libraryHash: libraryFingerprint(loadAosLibrary()),
  }).id;

export function poolProcessDraft(scheduler: string, module: string): DataItemDraft {
  return {
    tags: [
      ...aoTags('Process'),
      { name: 'Module', value: module },
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
