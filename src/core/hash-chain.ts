/**
 * The scheduler's per-process hash chain (pure). Each assignment carries a `Hash-Chain` link:
 *
 * - slot 0 (the process's own assignment): base64url(SHA-256(raw process id bytes))
 * - slot n > 0: base64url(SHA-256(raw id bytes of the slot n-1 assignment item ‖ raw slot n-1 hash chain bytes))
 *
 * "raw" = the 32 bytes an id or link base64url-decodes to.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { AoliteError } from './errors.js';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const lookup = new Int16Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;

/** The 32 bytes of a 43-character unpadded base64url id or link; BAD_REQUEST naming `what` otherwise. */
function decode32(text: string, what: string): Uint8Array {
  if (text.length !== 43) {
    throw new AoliteError('BAD_REQUEST', `${what} must be 43 base64url characters, got ${text.length}`, {
      [what]: text,
    });
  }
  const out = new Uint8Array(32);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < 43; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? lookup[c]! : -1;
    if (v < 0)
      throw new AoliteError('BAD_REQUEST', `${what} is not base64url: ${JSON.stringify(text)}`, {
        [what]: text,
      });
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // 43 chars = 258 bits: the last 2 bits must be zero for a canonical encoding.
  if ((acc & ((1 << bits) - 1)) !== 0) {
    throw new AoliteError('BAD_REQUEST', `${what} is not canonical base64url: ${JSON.stringify(text)}`, {
      [what]: text,
    });
  }
  return out;
}

function encode(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += alphabet[(acc << (6 - bits)) & 63];
  return out;
}

/** The first link of a process's chain (its slot 0 assignment). */
export function firstHashChainLink(processId: string): string {
  return encode(sha256(decode32(processId, 'process id')));
}

/** The link of slot n from the slot n-1 assignment item id and its link. */
export function nextHashChainLink(previousAssignmentId: string, previousHashChain: string): string {
  const input = new Uint8Array(64);
  input.set(decode32(previousAssignmentId, 'assignment id'), 0);
  input.set(decode32(previousHashChain, 'hash chain'), 32);
  return encode(sha256(input));
}
