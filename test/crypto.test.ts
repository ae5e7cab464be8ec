import { constants, createPrivateKey, sign } from 'node:crypto';
import Arweave from 'arweave';
import { describe, expect, it } from 'vitest';
import { encodeUnsignedDataItem, sectionsMessage } from '../src/core/data-item.js';
import { nobleHashes } from '../src/core/hashes.js';
import {
  createArweaveSigner,
  createEd25519Signer,
  generateArweaveJwk,
  generateEd25519Seed,
  nodeHashes,
  parseAndVerify,
  signDataItem,
  verifyDataItem,
} from '../src/crypto/index.js';
import { caught, loadTestJwk, PROCESS_ID, TEST_SEED } from './support/data-items.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('ed25519 signer', () => {
  it('derives the RFC 8032 public key from the seed and signs as the RFC test vector says', () => {
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const signer = createEd25519Signer(new Uint8Array(seed));
    expect(signer.signatureType).toBe(2);
    expect(hex(signer.publicKey)).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    expect(hex(signer.sign(new Uint8Array(0)))).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    expect(signer.address).toBe(Buffer.from(nodeHashes.sha256(signer.publicKey)).toString('base64url'));
  });

  it('signs deterministically and synchronously', () => {
    const signer = createEd25519Signer(TEST_SEED);
    const message = new TextEncoder().encode('same message');
    const first = signer.sign(message);
    expect(first).toBeInstanceOf(Uint8Array);
    expect(first.length).toBe(64);
    expect(hex(signer.sign(message))).toBe(hex(first));
  });

  it('generates distinct 32-byte seeds', () => {
    const a = generateEd25519Seed();
    const b = generateEd25519Seed();
    expect(a.length).toBe(32);
    expect(hex(a)).not.toBe(hex(b));
  });

  it('rejects a seed that is not 32 bytes', () => {
    expect(caught(() => createEd25519Signer(new Uint8Array(31)))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'an ed25519 seed must be 32 bytes, got 31',
    });
  });
});

describe('Arweave RSA-PSS signer and verification', () => {
  const jwk = loadTestJwk();
  const signer = createArweaveSigner(jwk);

  it('has the address arweave-js computes for the wallet', async () => {
    expect(signer.address).toBe(await Arweave.init({}).wallets.jwkToAddress(jwk));
    expect(signer.publicKey.length).toBe(512);
  });

  it('verifies RSA-PSS signatures with salt lengths 0, 32 and the maximum, and arweave-js signatures', async () => {
    const unsigned = encodeUnsignedDataItem(
      { target: PROCESS_ID, tags: [{ name: 'A', value: 'b' }], data: 'salt' },
      1,
      signer.publicKey,
    );
    const message = sectionsMessage(unsigned.sections, nodeHashes.sha384);
    const key = createPrivateKey({ key: { ...jwk }, format: 'jwk' });
    const signatures = [0, 32, constants.RSA_PSS_SALTLEN_MAX_SIGN].map((saltLength) =>
      sign('sha256', message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }),
    );
    signatures.push(Buffer.from(await Arweave.init({}).crypto.sign(jwk, message)));
    for (const signature of signatures) {
      const bytes = unsigned.bytes.slice();
      bytes.set(signature, 2);
      expect(parseAndVerify(bytes).ownerAddress).toBe(signer.address);
    }
  });

  it('computes the same deep-hash message with node and noble hashes', () => {
    const unsigned = encodeUnsignedDataItem(
      { anchor: 'z'.repeat(32), tags: [], data: 'both' },
      1,
      signer.publicKey,
    );
    expect(hex(sectionsMessage(unsigned.sections, nodeHashes.sha384))).toBe(
      hex(sectionsMessage(unsigned.sections, nobleHashes.sha384)),
    );
  });

  it('rejects an item whose owner was swapped for another key', () => {
    const item = signDataItem({ tags: [{ name: 'A', value: 'b' }], data: 'owned' }, signer);
    const forged = item.raw.slice();
    forged[2 + 512 + 7] = forged[2 + 512 + 7]! ^ 0x10;
    const error = caught(() => parseAndVerify(forged));
    expect(error.code).toBe('INVALID_SIGNATURE');
    expect(error.message).toContain('was not signed by its owner');
    expect(verifyDataItem(item)).toBe(true);
  });

  it('refuses a key that is not an RSA-4096 JWK', () => {
    expect(caught(() => createArweaveSigner({ kty: 'EC' } as never))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('signs with a freshly generated wallet key', async () => {
    const fresh = await generateArweaveJwk();
    expect(fresh.kty).toBe('RSA');
    expect(fresh.e).toBe('AQAB');
    const item = signDataItem({ tags: [], data: 'fresh' }, createArweaveSigner(fresh));
    expect(parseAndVerify(item.raw).ownerAddress).toBe(await Arweave.init({}).wallets.jwkToAddress(fresh));
  });
});

describe('verification of hostile owners', () => {
  it('reports a bad signature, not a crash, for an all-zero RSA owner and an altered item object', () => {
    const unsigned = encodeUnsignedDataItem({ tags: [], data: 'zero' }, 1, new Uint8Array(512));
    const error = caught(() => parseAndVerify(unsigned.bytes));
    expect(error.code).toBe('INVALID_SIGNATURE');
    const signer = createEd25519Signer(TEST_SEED);
    const item = signDataItem({ tags: [], data: 'mine' }, signer);
    expect(verifyDataItem({ ...item, ownerAddress: 'someone-else' })).toBe(true);
  });
});
