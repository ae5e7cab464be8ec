/** Keys and tag sets the benchmarks sign with. */
import { readFileSync } from 'node:fs';
import type { DataItem, Signer, Tag } from '../../src/core/types.js';
import {
  type ArweaveJwk,
  createArweaveSigner,
  createEd25519Signer,
  signDataItem,
} from '../../src/crypto/index.js';

/** The committed throwaway RSA-4096 test wallet (test/fixtures). */
export function loadBenchJwk(): ArweaveJwk {
  return JSON.parse(
    readFileSync(new URL('../../test/fixtures/arweave-test-key.json', import.meta.url), 'utf8'),
  );
}

export const rsaSigner = () => createArweaveSigner(loadBenchJwk());

/** A fixed ed25519 seed: byte i = offset + i. */
export const seed = (offset: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => offset + i);

export const edSigner = (offset = 0) => createEd25519Signer(seed(offset));

export const aoTags = (type: string): Tag[] => [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: type },
];

/**
 * Signs ao messages of `signer` to a target with the given tags and data, each with a tag `N` counting up
 * from 0 so that two messages with the same content still get different ids.
 */
export function numberedMessages(
  signer: Signer,
): (target: string, tags: Record<string, string>, data?: string) => DataItem {
  let n = 0;
  return (target, tags, data = ' ') =>
    signDataItem(
      {
        target,
        tags: [
          ...aoTags('Message'),
          ...Object.entries(tags).map(([name, value]) => ({ name, value })),
          { name: 'N', value: String(n++) },
        ],
        data,
      },
      signer,
    );
}

/** Tags of a token transfer as aoconnect sends it. */
export const transferTags = (quantity: string): Tag[] => [
  { name: 'Action', value: 'Transfer' },
  { name: 'Recipient', value: 'Sa0iBLPNyJQrwpTTG-tWLQU-1QeUAJA73DdxGGiKoJc' },
  { name: 'Quantity', value: quantity },
  { name: 'SDK', value: 'aoconnect' },
  ...aoTags('Message'),
];
