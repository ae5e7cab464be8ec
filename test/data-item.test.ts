import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeTags } from '../src/core/avro-tags.js';
import { createDataItem, decodeDataItem, signatureMessage } from '../src/core/data-item.js';
import { anchorFromString, anchorToString } from '../src/core/item-fields.js';
import {
  createArweaveSigner,
  createEd25519Signer,
  parseAndVerify,
  signDataItem,
  verifyDataItem,
} from '../src/crypto/index.js';
import { caught, loadTestJwk, PROCESS_ID, TEST_SEED } from './support/data-items.js';
import { avroTags, rawItem } from './support/raw-items.js';

const ed25519 = createEd25519Signer(TEST_SEED);
const tags = [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Action', value: 'Eval' },
  { name: 'Action', value: 'Eval' },
];

describe('data item round trip', () => {
  it('creates, decodes and verifies an ed25519 item with target, anchor, tags and data', () => {
    const created = createDataItem(
      { target: PROCESS_ID, anchor: '00000000000000000000000000000001', tags, data: 'hello ao' },
      ed25519,
    );
    const decoded = parseAndVerify(created.raw);
    expect(decoded.id).toBe(created.id);
    expect(decoded.signatureType).toBe(2);
    expect(decoded.ownerAddress).toBe(ed25519.address);
    expect(decoded.owner).toEqual(ed25519.publicKey);
    expect(decoded.target).toBe(PROCESS_ID);
    expect(decoded.anchor).toBe('00000000000000000000000000000001');
    expect(decoded.tags).toEqual(tags);
    expect(new TextDecoder().decode(decoded.data)).toBe('hello ao');
    expect(decoded.id).toBe(createHash('sha256').update(decoded.signature).digest('base64url'));
    expect(decoded.raw.length).toBe(2 + 64 + 32 + 33 + 33 + 16 + encodeTags(tags).length + 8);
  });

  it('signs deterministically with ed25519: the same draft gives the same id', () => {
    const draft = { target: PROCESS_ID, tags, data: new Uint8Array([1, 2, 3]) };
    expect(signDataItem(draft, ed25519).id).toBe(createDataItem(draft, ed25519).id);
    expect(signDataItem(draft, ed25519).raw).toEqual(createDataItem(draft, ed25519).raw);
  });

  it('creates, decodes and verifies an RSA (type 1) item', () => {
    const signer = createArweaveSigner(loadTestJwk());
    const created = signDataItem({ target: PROCESS_ID, anchor: 'a'.repeat(32), tags, data: 'rsa' }, signer);
    const decoded = parseAndVerify(created.raw);
    expect(decoded.id).toBe(created.id);
    expect(decoded.signatureType).toBe(1);
    expect(decoded.signature.length).toBe(512);
    expect(decoded.ownerAddress).toBe(signer.address);
    expect(decoded.anchor).toBe('a'.repeat(32));
    expect(decoded.tags).toEqual(tags);
  });

  it('handles an item with no target, no anchor, no tags and empty data', () => {
    const created = signDataItem({ tags: [], data: '' }, ed25519);
    expect(created.raw.length).toBe(2 + 64 + 32 + 1 + 1 + 16);
    const decoded = parseAndVerify(created.raw);
    expect(decoded).toMatchObject({ target: null, anchor: null, tags: [] });
    expect(decoded.data.length).toBe(0);
  });

  it('presents a binary anchor as base64url and a text anchor as text, both round-tripping', () => {
    const binary = Buffer.from(Uint8Array.from({ length: 32 }, (_, i) => 255 - i)).toString('base64url');
    const item = signDataItem({ anchor: binary, tags, data: 'x' }, ed25519);
    expect(item.anchor).toBe(binary);
    expect(Buffer.from(anchorFromString(binary)).toString('base64url')).toBe(binary);
    expect(anchorToString(anchorFromString('héllo wörld, exactly 32 bytes!'))).toBe(
      'héllo wörld, exactly 32 bytes!',
    );
  });

  it('returns from createDataItem exactly what decoding its bytes returns', () => {
    const asciiAsBase64url = Buffer.from('anchor-given-as-base64url-32-byt').toString('base64url');
    for (const draft of [
      { target: PROCESS_ID, anchor: asciiAsBase64url, tags, data: 'same' },
      { tags: [], data: new Uint8Array([0, 255]) },
    ]) {
      const created = signDataItem(draft, ed25519);
      expect(decodeDataItem(created.raw)).toEqual(created);
    }
    expect(signDataItem({ anchor: asciiAsBase64url, tags, data: '' }, ed25519).anchor).toBe(
      'anchor-given-as-base64url-32-byt',
    );
  });

  it('decodes without copying: signature, owner and data are views into the input', () => {
    const created = signDataItem({ tags, data: 'view' }, ed25519);
    const decoded = decodeDataItem(created.raw);
    expect(decoded.raw).toBe(created.raw);
    expect(decoded.data.buffer).toBe(created.raw.buffer);
    expect(decoded.signature.buffer).toBe(created.raw.buffer);
    expect(decoded.owner.byteOffset).toBe(66);
  });

  it('computes the signed message from the raw tag bytes, the same with noble and node hashes', () => {
    const created = signDataItem({ target: PROCESS_ID, tags, data: 'm' }, ed25519);
    const message = signatureMessage(created);
    expect(message.length).toBe(48);
    expect(verifyDataItem(created)).toBe(true);
  });
});

describe('data item rejects bad input with a precise error', () => {
  const good = createDataItem(
    { target: PROCESS_ID, anchor: '00000000000000000000000000000001', tags, data: 'hello' },
    ed25519,
  );

  it('rejects bytes that are not a data item', () => {
    const text = new TextEncoder().encode('hello world, this is not a data item at all');
    expect(caught(() => decodeDataItem(text))).toMatchObject({
      code: 'UNSUPPORTED_SIGNATURE_TYPE',
      message: 'signature type 25960 is not supported: aolite accepts 1 (arweave RSA-PSS) and 2 (ed25519)',
    });
    const noise = Uint8Array.from({ length: 300 }, (_, i) => (i * 73 + 41) & 255);
    noise[0] = 2;
    noise[1] = 0;
    expect(caught(() => decodeDataItem(noise))).toMatchObject({
      code: 'INVALID_DATA_ITEM',
      message: `target presence byte at offset 98 must be 0 or 1, got ${noise[98]}`,
    });
    expect(caught(() => decodeDataItem('not bytes' as unknown as Uint8Array)).code).toBe('INVALID_DATA_ITEM');
  });

  it('rejects truncation at every section, saying which one is cut', () => {
    const cases: [number, string][] = [
      [0, 'data item is truncated in the signature type: needs 2 bytes at offset 0, only 0 remain'],
      [1, 'data item is truncated in the signature type: needs 2 bytes at offset 0, only 1 remain'],
      [50, 'data item is truncated in the signature: needs 64 bytes at offset 2, only 48 remain'],
      [80, 'data item is truncated in the owner: needs 32 bytes at offset 66, only 14 remain'],
      [98, 'data item is truncated in the target presence byte: needs 1 bytes at offset 98, only 0 remain'],
      [110, 'data item is truncated in the target: needs 32 bytes at offset 99, only 11 remain'],
      [131, 'data item is truncated in the anchor presence byte: needs 1 bytes at offset 131, only 0 remain'],
      [140, 'data item is truncated in the anchor: needs 32 bytes at offset 132, only 8 remain'],
      [
        170,
        'data item is truncated in the tag count and tag length header: needs 16 bytes at offset 164, only 6 remain',
      ],
      [
        185,
        `data item is truncated in the tags: needs ${encodeTags(tags).length} bytes at offset 180, only 5 remain`,
      ],
    ];
    for (const [length, message] of cases) {
      const error = caught(() => decodeDataItem(good.raw.slice(0, length)));
      expect(error.code).toBe('INVALID_DATA_ITEM');
      expect(error.message).toBe(message);
    }
  });

  it('rejects data cut short as a bad signature', () => {
    const error = caught(() => parseAndVerify(good.raw.slice(0, good.raw.length - 2)));
    expect(error.code).toBe('INVALID_SIGNATURE');
  });

  it('rejects a changed data byte, tag byte or signature byte as an invalid signature', () => {
    const tagStart = 180;
    for (const offset of [good.raw.length - 1, tagStart + 3, 10]) {
      const bytes = good.raw.slice();
      bytes[offset] = bytes[offset]! ^ 1;
      const error = caught(() => parseAndVerify(bytes));
      expect(error.code).toBe('INVALID_SIGNATURE');
      expect(error.message).toMatch(
        /^data item [\w-]{43} has an invalid signature: it was not signed by its owner/,
      );
      expect(verifyDataItem(decodeDataItem(bytes))).toBe(false);
    }
  });

  it('rejects unknown signature types, naming them', () => {
    const bytes = good.raw.slice();
    bytes[0] = 3;
    expect(caught(() => decodeDataItem(bytes))).toMatchObject({
      code: 'UNSUPPORTED_SIGNATURE_TYPE',
      message:
        'signature type 3 (ethereum) is not supported: aolite accepts 1 (arweave RSA-PSS) and 2 (ed25519)',
    });
  });

  it('rejects more than 128 tags', () => {
    const many = Array.from({ length: 129 }, (_, i) => ({ name: `N${i}`, value: 'v' }));
    const bytes = rawItem({ tagCount: 129, tagBytes: avroTags(many) });
    expect(caught(() => decodeDataItem(bytes))).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: 'too many tags: 129 (ANS-104 allows at most 128)',
    });
    expect(caught(() => createDataItem({ tags: many, data: '' }, ed25519)).code).toBe('LIMIT_EXCEEDED');
  });

  it('rejects a tag name over 1024 bytes and a tag value over 3072 bytes', () => {
    const longName = rawItem({ tagCount: 1, tagBytes: avroTags([{ name: 'n'.repeat(1025), value: 'v' }]) });
    expect(caught(() => decodeDataItem(longName))).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: 'tag 0 name is too long: 1025 bytes (ANS-104 allows at most 1024)',
    });
    const longValue = rawItem({
      tagCount: 2,
      tagBytes: avroTags([
        { name: 'A', value: 'ok' },
        { name: 'Memo', value: 'v'.repeat(3073) },
      ]),
    });
    expect(caught(() => decodeDataItem(longValue))).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: 'tag 1 ("Memo") value is too long: 3073 bytes (ANS-104 allows at most 3072)',
    });
  });

  it('rejects an empty tag name', () => {
    const bytes = rawItem({ tagCount: 1, tagBytes: avroTags([{ name: '', value: 'v' }]) });
    expect(caught(() => decodeDataItem(bytes))).toMatchObject({
      code: 'INVALID_DATA_ITEM',
      message: 'tag 0 has an empty name (ANS-104 tag names are non-empty)',
    });
  });

  it('rejects a tag count that disagrees with the tag bytes', () => {
    const bytes = rawItem({ tagCount: 3, tagBytes: avroTags(tags.slice(0, 2)) });
    expect(caught(() => decodeDataItem(bytes))).toMatchObject({
      code: 'INVALID_DATA_ITEM',
      message: 'the header says 3 tags but the tag bytes hold 2',
    });
    expect(caught(() => decodeDataItem(rawItem({ tagCount: 2, tagBytes: new Uint8Array(0) })))).toMatchObject(
      {
        code: 'INVALID_DATA_ITEM',
        message: 'the header says 2 tags but there are 0 tag bytes',
      },
    );
  });

  it('rejects an anchor or target of the wrong length when creating', () => {
    expect(caught(() => createDataItem({ anchor: 'short', tags, data: '' }, ed25519))).toMatchObject({
      code: 'INVALID_DATA_ITEM',
      message:
        'anchor must be 32 bytes (32 bytes of UTF-8 text, or base64url of 32 bytes), got 5 bytes of text',
    });
    expect(caught(() => createDataItem({ target: 'abcd', tags, data: '' }, ed25519))).toMatchObject({
      code: 'INVALID_DATA_ITEM',
      message: 'target must be base64url of 32 bytes, got 3 bytes',
    });
  });

  it('rejects a 16-byte anchor in the binary: the fields after it no longer parse', () => {
    const bytes = rawItem({
      anchor: new Uint8Array(16).fill(65),
      tagCount: 3,
      tagBytes: avroTags(tags),
      data: new Uint8Array(4),
    });
    const error = caught(() => decodeDataItem(bytes));
    expect(error.code).toBe('INVALID_DATA_ITEM');
    expect(error.message).toMatch(/tag/);
  });
});
