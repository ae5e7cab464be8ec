/**
 * Interop with the reference libraries: items signed by the real aoconnect 0.0.98 signer (over
 * @dha-team/arbundles, which it bundles) decode and verify here with the ids they computed, and items
 * made here verify in arbundles. ed25519 signatures are deterministic, so for type 2 the bytes must match.
 */
import * as arbundles from '@dha-team/arbundles';
import { connect, createDataItemSigner } from '@permaweb/aoconnect';
import Arweave from 'arweave';
import { describe, expect, it } from 'vitest';
import { decodeDataItem, signatureMessage } from '../src/core/data-item.js';
import {
  createArweaveSigner,
  createEd25519Signer,
  parseAndVerify,
  signDataItem,
} from '../src/crypto/index.js';
import { loadTestJwk, PROCESS_ID, TEST_SEED } from './support/data-items.js';

const jwk = loadTestJwk();
// aoconnect allows 100 signer creations per key per minute: one for the whole file.
const aoSigner = createDataItemSigner(jwk);
interface LegacySigning {
  signMessage(args: {
    process: string;
    data: string;
    tags: { name: string; value: string }[];
    anchor?: string;
    signer: unknown;
  }): Promise<{ id: string; raw: Uint8Array }>;
}
// aoconnect's own types do not list signMessage for legacy mode; it is there at runtime.
const ao = (connect as unknown as (args: Record<string, unknown>) => LegacySigning)({
  MODE: 'legacy',
  MU_URL: 'http://127.0.0.1:9',
  CU_URL: 'http://127.0.0.1:9',
  GATEWAY_URL: 'http://127.0.0.1:9',
  noLog: true,
});

/**
 * Signs with aoconnect's signer the way aoconnect's spawn does (no target, no anchor): the signer asks
 * for the item to sign through `create`, which builds it with arbundles and returns its deep hash.
 */
async function aoconnectSignNoTarget(data: string, tags: { name: string; value: string }[]) {
  let unsigned: Buffer | undefined;
  const result = await aoSigner(async ({ publicKey, type = 1 }: { publicKey: Buffer; type?: number }) => {
    const meta = { signatureType: type, ownerLength: 512, signatureLength: 512, publicKey };
    const item = arbundles.createData(data, meta as never, { tags });
    unsigned = item.getRaw();
    return item.getSignatureData();
  }, 'ans104');
  const raw = new Uint8Array(unsigned!);
  raw.set(result.signature, 2);
  return raw;
}

describe('interop with aoconnect and arbundles', () => {
  it('verifies an aoconnect message with target and anchor and gets the id aoconnect computed', async () => {
    const tags = [
      { name: 'Action', value: 'Transfer' },
      { name: 'Recipient', value: 'someone' },
      { name: 'Action', value: 'Twice' },
    ];
    const signed = await ao.signMessage({
      process: PROCESS_ID,
      data: 'hello from aoconnect',
      tags,
      anchor: '00000000000000000000000000000001',
      signer: aoSigner,
    });
    const item = parseAndVerify(new Uint8Array(signed.raw));
    expect(item.id).toBe(signed.id);
    expect(item.ownerAddress).toBe(await Arweave.init({}).wallets.jwkToAddress(jwk));
    expect(item.target).toBe(PROCESS_ID);
    expect(item.anchor).toBe('00000000000000000000000000000001');
    expect(item.tags).toEqual([
      ...tags,
      { name: 'SDK', value: 'aoconnect' },
      { name: 'Data-Protocol', value: 'ao' },
      { name: 'Variant', value: 'ao.TN.1' },
      { name: 'Type', value: 'Message' },
    ]);
    expect(new TextDecoder().decode(item.data)).toBe('hello from aoconnect');
  });

  it('verifies an aoconnect message without an anchor', async () => {
    const signed = await ao.signMessage({ process: PROCESS_ID, data: 'x', tags: [], signer: aoSigner });
    const item = parseAndVerify(new Uint8Array(signed.raw));
    expect(item.id).toBe(signed.id);
    expect(item.anchor).toBeNull();
    expect(item.target).toBe(PROCESS_ID);
  });

  it('verifies an item signed by the aoconnect signer with no target and no anchor', async () => {
    const tags = [
      { name: 'Type', value: 'Process' },
      { name: 'Module', value: PROCESS_ID },
    ];
    const raw = await aoconnectSignNoTarget('spawn data', tags);
    const item = parseAndVerify(raw);
    expect(item.target).toBeNull();
    expect(item.anchor).toBeNull();
    expect(item.tags).toEqual(tags);
    expect(item.id).toBe(new arbundles.DataItem(Buffer.from(raw)).id);
  });

  it('computes the same signed message as arbundles', async () => {
    const signed = await ao.signMessage({ process: PROCESS_ID, data: 'm', tags: [], signer: aoSigner });
    const expected = await new arbundles.DataItem(Buffer.from(signed.raw)).getSignatureData();
    const item = decodeDataItem(new Uint8Array(signed.raw));
    expect(Buffer.from(signatureMessage(item)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
  });

  it('produces RSA items that arbundles verifies, with the id arbundles computes', async () => {
    const item = signDataItem(
      {
        target: PROCESS_ID,
        anchor: '00000000000000000000000000000002',
        tags: [{ name: 'A', value: 'b' }],
        data: 'rsa',
      },
      createArweaveSigner(jwk),
    );
    expect(await arbundles.DataItem.verify(Buffer.from(item.raw))).toBe(true);
    expect(new arbundles.DataItem(Buffer.from(item.raw)).id).toBe(item.id);
  });

  it('matches arbundles ed25519 items byte for byte, ids both ways', async () => {
    const ours = createEd25519Signer(TEST_SEED);
    const reference = new arbundles.AlgorandSigner(
      Buffer.concat([Buffer.from(TEST_SEED), Buffer.from(ours.publicKey)]),
      Buffer.from(ours.publicKey),
    );
    const tags = [{ name: 'Data-Protocol', value: 'ao' }];
    const theirs = arbundles.createData('ed25519 data', reference, {
      target: PROCESS_ID,
      anchor: '00000000000000000000000000000003',
      tags,
    });
    await theirs.sign(reference);
    const fromTheirs = parseAndVerify(new Uint8Array(theirs.getRaw()));
    expect(fromTheirs.id).toBe(theirs.id);
    expect(fromTheirs.signatureType).toBe(2);

    const mine = signDataItem(
      { target: PROCESS_ID, anchor: '00000000000000000000000000000003', tags, data: 'ed25519 data' },
      ours,
    );
    expect(mine.id).toBe(theirs.id);
    expect(Buffer.from(mine.raw).equals(theirs.getRaw())).toBe(true);
    expect(await arbundles.DataItem.verify(Buffer.from(mine.raw))).toBe(true);
  });
});
