import { afterEach, describe, expect, it } from 'vitest';
import { AoliteError } from '../../src/core/errors.js';
import type { Signer } from '../../src/core/types.js';
import {
  createArweaveSigner,
  createVerifyPool,
  signDataItem,
  type VerifyPool,
} from '../../src/crypto/index.js';
import { loadTestJwk } from '../support/data-items.js';
import { itemId, testSigner } from '../support/log-items.js';

const ed = testSigner('verify-pool');
const rsa = createArweaveSigner(loadTestJwk());

const item = (signer: Signer, n: number) =>
  signDataItem(
    { target: itemId('p'), tags: [{ name: 'N', value: String(n) }], data: `payload ${n}` },
    signer,
  );

/** The raw bytes with one bit of the data (covered by the signature) flipped. */
const forged = (raw: Uint8Array) => {
  const copy = Uint8Array.from(raw);
  copy[copy.length - 1] = copy.at(-1)! ^ 1;
  return copy;
};

const outcome = async (promise: Promise<{ id: string }>): Promise<string> => {
  try {
    return (await promise).id;
  } catch (error) {
    return error instanceof AoliteError ? `${error.code}: ${error.message}` : String(error);
  }
};

let pool: VerifyPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('verify pool', () => {
  it('verifies RSA and ed25519 items on worker threads and returns each decoded', async () => {
    pool = createVerifyPool({ threads: 2 });
    const items = [item(rsa, 1), item(ed, 2), item(rsa, 3), item(ed, 4)];
    const verified = await Promise.all(items.map((i) => pool!.parseAndVerify(i.raw)));
    expect(verified.map((v) => v.id)).toEqual(items.map((i) => i.id));
    expect(verified[0]!.ownerAddress).toBe(rsa.address);
    expect(verified[1]!.tags).toEqual([{ name: 'N', value: '2' }]);
  });

  it('refuses forged signatures with INVALID_SIGNATURE and keeps the good items of the same turn', async () => {
    pool = createVerifyPool({ threads: 1 });
    const good = item(rsa, 1);
    const badRsa = forged(item(rsa, 2).raw);
    const badEd = forged(item(ed, 3).raw);
    const results = await Promise.all(
      [good.raw, badRsa, badEd].map((raw) => outcome(pool!.parseAndVerify(raw))),
    );
    expect(results[0]).toBe(good.id);
    expect(results[1]).toMatch(/^INVALID_SIGNATURE: data item .* has an invalid signature/);
    expect(results[1]).toContain(`owner ${rsa.address} (signature type 1)`);
    expect(results[2]).toContain(`owner ${ed.address} (signature type 2)`);
  });

  it('refuses bytes that are not a data item with the decoder error', async () => {
    pool = createVerifyPool({ threads: 1 });
    const raw = Uint8Array.from(item(ed, 1).raw);
    raw[0] = 3;
    expect(await outcome(pool.parseAndVerify(raw))).toMatch(
      /^UNSUPPORTED_SIGNATURE_TYPE: .*signature type 3/,
    );
  });

  it('answers 100 concurrent items in their own order across two threads', async () => {
    pool = createVerifyPool({ threads: 2 });
    const items = Array.from({ length: 100 }, (_, i) => item(i % 4 === 0 ? rsa : ed, i));
    const raws = items.map((i, n) => (n % 10 === 7 ? forged(i.raw) : i.raw));
    const results = await Promise.all(raws.map((raw) => outcome(pool!.parseAndVerify(raw))));
    expect(
      results.map((r, n) => (n % 10 === 7 ? r.startsWith('INVALID_SIGNATURE') : r === items[n]!.id)),
    ).toEqual(Array(100).fill(true));
  });

  it('verifies on the calling thread once closed, with the same answers', async () => {
    const closed = createVerifyPool({ threads: 1 });
    await closed.close();
    const good = item(rsa, 1);
    expect((await closed.parseAndVerify(good.raw)).id).toBe(good.id);
    expect(await outcome(closed.parseAndVerify(forged(good.raw)))).toMatch(/^INVALID_SIGNATURE/);
  });
});
