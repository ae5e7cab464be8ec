/** Shared helpers for the data-item tests: the fixture keys and an error catcher. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ArweaveJwk } from '../../src/crypto/signers.js';

/** A throwaway RSA-4096 wallet committed for tests only (generating one takes seconds). */
export function loadTestJwk(): ArweaveJwk {
  return JSON.parse(
    readFileSync(fileURLToPath(new URL('../fixtures/arweave-test-key.json', import.meta.url)), 'utf8'),
  );
}

/** A fixed ed25519 seed: 0x01 0x02 … 0x20. */
export const TEST_SEED = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

/** A valid 43-character id (base64url of 32 bytes). */
export const PROCESS_ID = Buffer.from(Uint8Array.from({ length: 32 }, (_, i) => 200 - i)).toString(
  'base64url',
);

/** The error a call throws (shared helper, under the name these tests use). */
export { errorOf as caught } from './error-of.js';
