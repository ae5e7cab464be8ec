import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AoliteError } from '../src/core/errors.js';
import { firstHashChainLink, nextHashChainLink } from '../src/core/hash-chain.js';
import { nodeHashes } from '../src/crypto/hashes.js';
import { errorOf } from './support/error-of.js';

const b64 = (bytes: Buffer) => bytes.toString('base64url');
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest();
const id = (seed: string) => b64(sha(Buffer.from(seed)));

describe('hash chain', () => {
  it('starts with the SHA-256 of the raw process id bytes', () => {
    const pid = id('process');
    expect(firstHashChainLink(pid)).toBe(b64(sha(Buffer.from(pid, 'base64url'))));
    expect(firstHashChainLink(pid)).toHaveLength(43);
    expect(firstHashChainLink(pid, nodeHashes.sha256)).toBe(firstHashChainLink(pid));
  });

  it('links the raw previous assignment id bytes followed by the raw previous link bytes', () => {
    const prevAssignment = id('assignment-0');
    const prevLink = firstHashChainLink(id('process'));
    const expected = b64(
      sha(Buffer.concat([Buffer.from(prevAssignment, 'base64url'), Buffer.from(prevLink, 'base64url')])),
    );
    expect(nextHashChainLink(prevAssignment, prevLink)).toBe(expected);
    // order matters: swapping the inputs gives a different link
    expect(nextHashChainLink(prevLink, prevAssignment)).not.toBe(expected);
  });

  it('rejects ids that are not 43 canonical base64url characters, naming the field', () => {
    expect(() => firstHashChainLink('short')).toThrow(/process id must be 43 base64url characters, got 5/);
    expect(() => firstHashChainLink(`${'A'.repeat(42)}+`)).toThrow(/process id is not base64url/);
    expect(() => nextHashChainLink(id('a'), `${'A'.repeat(42)}B`)).toThrow(
      /hash chain is not canonical base64url/,
    );
    const error = errorOf(() => firstHashChainLink(''));
    expect(error).toBeInstanceOf(AoliteError);
    expect(error.code).toBe('BAD_REQUEST');
  });
});
