import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEd25519Signer, ed25519Backend, nodeEd25519Sign } from '../src/crypto/signers.js';

const seedOf = (n: number) => Uint8Array.from({ length: 32 }, (_, i) => (n * 7 + i) & 255);

function nodeKey(seed: Uint8Array) {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

describe('ed25519 signer backends', () => {
  it('names the backend in use', () => {
    expect(['libsodium', 'node:crypto']).toContain(ed25519Backend());
  });

  it('signs byte-identically to node:crypto, and node:crypto verifies every signature', () => {
    for (let n = 0; n < 4; n++) {
      const seed = seedOf(n);
      const signer = createEd25519Signer(seed);
      const reference = nodeEd25519Sign(nodeKey(seed));
      const publicKey = createPublicKey(nodeKey(seed));
      for (const length of [0, 1, 48, 1000]) {
        const message = Uint8Array.from({ length }, (_, i) => (i * 31 + n) & 255);
        const signature = signer.sign(message);
        expect(signature.length).toBe(64);
        expect(Buffer.from(signature).toString('hex')).toBe(Buffer.from(reference(message)).toString('hex'));
        expect(verify(null, message, publicKey, signature)).toBe(true);
      }
    }
  });

  it('gives a fresh signature buffer for every call', () => {
    const signer = createEd25519Signer(seedOf(9));
    const a = signer.sign(Uint8Array.of(1));
    const b = signer.sign(Uint8Array.of(2));
    expect(a).not.toBe(b);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});
