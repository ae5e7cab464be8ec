import { describe, expect, it } from 'vitest';
import { encodeTags } from '../src/core/avro-tags.js';
import { createDataItem, decodeDataItem } from '../src/core/data-item.js';
import { nobleHashes } from '../src/core/hashes.js';
import { createEd25519Signer, parseAndVerify, signDataItem } from '../src/crypto/index.js';
import { caught, PROCESS_ID, TEST_SEED } from './support/data-items.js';

const signer = createEd25519Signer(TEST_SEED);

describe('signing with per-key cached constants', () => {
  it('signs many items with one key, each verifying and decoding to what was signed', () => {
    for (let i = 0; i < 3; i++) {
      const item = signDataItem(
        { tags: [{ name: 'Nonce', value: String(i) }], data: i === 0 ? '' : `d${i}` },
        signer,
      );
      const parsed = parseAndVerify(item.raw);
      expect(parsed.id).toBe(item.id);
      expect(parsed.ownerAddress).toBe(item.ownerAddress);
      expect(item.ownerAddress).toBe(signer.address);
      expect(parsed.tags).toEqual([{ name: 'Nonce', value: String(i) }]);
    }
  });

  it('gives the same bytes with node and pure-JS hashes, target and anchor present or not', () => {
    const drafts = [
      { tags: [{ name: 'A', value: 'b' }], data: '' },
      { target: PROCESS_ID, anchor: 'a'.repeat(32), tags: [{ name: 'A', value: 'b' }], data: 'z' },
    ];
    for (const draft of drafts) {
      const node = signDataItem(draft, signer);
      const pure = createDataItem(draft, signer, nobleHashes);
      expect(Buffer.from(pure.raw).equals(Buffer.from(node.raw))).toBe(true);
      expect(parseAndVerify(pure.raw).id).toBe(node.id);
    }
  });
});

describe('tag encoding', () => {
  it('encodes ASCII and non-ASCII names and values as UTF-8 Avro that decodes back', () => {
    const tags = [
      { name: 'Action', value: 'Transfer' },
      { name: 'Grüße', value: '日本語 ✓' },
      { name: 'Long', value: 'v'.repeat(200) },
    ];
    const bytes = encodeTags(tags);
    // count 3 (zigzag 6), then "Action" (length 6 → 12) …
    expect(Array.from(bytes.subarray(0, 3))).toEqual([6, 12, 'A'.charCodeAt(0)]);
    expect(bytes.at(-1)).toBe(0);
    const item = signDataItem({ tags, data: '' }, signer);
    expect(decodeDataItem(item.raw).tags).toEqual(tags);
  });

  it('still refuses an empty tag value, naming the tag', () => {
    const error = caught(() => encodeTags([{ name: 'Empty', value: '' }]));
    expect(error?.code).toBe('INVALID_DATA_ITEM');
    expect(error?.message).toContain('tag 0 ("Empty") has an empty value');
  });

  it('counts non-ASCII bytes, not characters, against the name limit', () => {
    const error = caught(() => encodeTags([{ name: 'é'.repeat(513), value: 'v' }]));
    expect(error?.code).toBe('LIMIT_EXCEEDED');
    expect(error?.message).toContain('1026 bytes');
  });
});
