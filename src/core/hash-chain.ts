/**
 * The scheduler's per-process hash chain (pure). Each assignment carries a `Hash-Chain` link:
 *
 * - slot 0 (the process's own assignment): base64url(SHA-256(raw process id bytes))
 * - slot n > 0: base64url(SHA-256(raw id bytes of the slot n-1 assignment item ‖ raw slot n-1 hash chain bytes))
 *
 * "raw" = the 32 bytes an id or link base64url-decodes to. `sha256` defaults to @noble/hashes; node code
 * may pass node:crypto's (`nodeHashes.sha256`), which is faster.
 */

import { base64urlDecode, base64urlEncode } from './base64url.js';
import { AoliteError } from './errors.js';
import { type CoreHashes, nobleHashes } from './hashes.js';

type Sha256 = CoreHashes['sha256'];

/** The 32 bytes of a 43-character id or link; BAD_REQUEST naming `what` otherwise. */
function decode32(text: string, what: string): Uint8Array {
  if (text.length !== 43) {
    throw new AoliteError('BAD_REQUEST', `${what} must be 43 base64url characters, got ${text.length}`, {
      [what]: text,
    });
  }
  return base64urlDecode(text, what);
}

/** The first link of a process's chain (its slot 0 assignment). */
export function firstHashChainLink(processId: string, sha256: Sha256 = nobleHashes.sha256): string {
  return base64urlEncode(sha256(decode32(processId, 'process id')));
}

/** The link of slot n from the slot n-1 assignment item id and its link. */
export function nextHashChainLink(
  previousAssignmentId: string,
  previousHashChain: string,
  sha256: Sha256 = nobleHashes.sha256,
): string {
  const input = new Uint8Array(64);
  input.set(decode32(previousAssignmentId, 'assignment id'), 0);
  input.set(decode32(previousHashChain, 'hash chain'), 32);
  return base64urlEncode(sha256(input));
}
