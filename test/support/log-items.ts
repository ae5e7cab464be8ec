/**
 * Builders of really signed ANS-104 items for store and scheduler tests: ed25519 keys derived from a
 * name (deterministic), items signed with the codec (`signDataItem` = createDataItem + node hashes).
 */
import { createHash } from 'node:crypto';
import type { DataItem, Signer, Tag } from '../../src/core/types.js';
import { createEd25519Signer, signDataItem } from '../../src/crypto/index.js';

/** The codec's signing function, as the scheduler's `createItem` dependency. */
export const createItem = signDataItem;

/** A valid 43-character id (base64url of SHA-256 of the seed) that names nothing in particular. */
export function itemId(seed: string): string {
  return createHash('sha256').update(seed).digest('base64url');
}

/** An ed25519 signer whose seed is SHA-256 of `name`. */
export function testSigner(name: string): Signer {
  return createEd25519Signer(new Uint8Array(createHash('sha256').update(`seed:${name}`).digest()));
}

const aoTags = (type: string): Tag[] => [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: type },
];

export function moduleItem(signer: Signer, extra: Tag[] = []): DataItem {
  return createItem(
    {
      tags: [
        ...aoTags('Module'),
        { name: 'Module-Format', value: 'wasm64-unknown-emscripten-draft_2024_02_15' },
        { name: 'Input-Encoding', value: 'JSON-V1' },
        { name: 'Output-Encoding', value: 'JSON-V1' },
        ...extra,
      ],
      data: 'module',
    },
    signer,
  );
}

export function processItem(
  signer: Signer,
  opts: { module: string; scheduler: string; name?: string; extra?: Tag[] },
): DataItem {
  return createItem(
    {
      tags: [
        ...aoTags('Process'),
        { name: 'Module', value: opts.module },
        { name: 'Scheduler', value: opts.scheduler },
        { name: 'Name', value: opts.name ?? 'test-process' },
        ...(opts.extra ?? []),
      ],
      data: '1984',
    },
    signer,
  );
}

export function messageItem(
  signer: Signer,
  target: string,
  nonce: number | string,
  extra: Tag[] = [],
): DataItem {
  return createItem(
    {
      target,
      tags: [
        ...aoTags('Message'),
        { name: 'Action', value: 'Ping' },
        { name: 'Test-Nonce', value: String(nonce) },
        ...extra,
      ],
      data: `message ${nonce}`,
    },
    signer,
  );
}
