import * as arbundles from '@dha-team/arbundles';
import { describe, expect, it } from 'vitest';
import { decodeTags, encodeTags } from '../src/core/avro-tags.js';
import { deepHash } from '../src/core/deep-hash.js';
import { errorOf as caught } from './support/error-of.js';

const utf8 = new TextEncoder();

/** Avro zigzag varint of `n`. */
function long(n: number): number[] {
  let v = n >= 0 ? n * 2 : -n * 2 - 1;
  const out: number[] = [];
  while (v >= 128) {
    out.push((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function str(text: string): number[] {
  const bytes = [...utf8.encode(text)];
  return [...long(bytes.length), ...bytes];
}

describe('Avro tag codec', () => {
  const tags = [
    { name: 'Data-Protocol', value: 'ao' },
    { name: 'Action', value: 'Transfer' },
    { name: 'Action', value: 'Duplicate names stay, in order' },
    { name: 'Émoji ✓', value: '🚀'.repeat(30) },
    { name: 'Long', value: 'v'.repeat(3072) },
  ];

  it('encodes exactly the bytes arbundles serializeTags produces', () => {
    expect(encodeTags(tags)).toEqual(new Uint8Array(arbundles.serializeTags(tags)));
  });

  it('decodes what arbundles encodes, keeping order and duplicates', () => {
    expect(decodeTags(new Uint8Array(arbundles.serializeTags(tags)))).toEqual(tags);
  });

  it('encodes no tags as zero bytes', () => {
    expect(encodeTags([]).length).toBe(0);
  });

  it('decodes several blocks, including a negative count followed by the block byte size', () => {
    const block1 = [...str('A'), ...str('1'), ...str('B'), ...str('2')];
    const bytes = Uint8Array.from([
      ...long(-2),
      ...long(block1.length),
      ...block1,
      ...long(1),
      ...str('C'),
      ...str('3'),
      0,
    ]);
    expect(decodeTags(bytes)).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
      { name: 'C', value: '3' },
    ]);
  });

  it('rejects a negative-count block whose byte size does not match its contents', () => {
    const block = [...str('A'), ...str('1')];
    const bytes = Uint8Array.from([...long(-1), ...long(block.length + 1), ...block, 0, 0]);
    expect(caught(() => decodeTags(bytes)).message).toBe(
      'invalid tag encoding: block 0 byte size does not match its contents',
    );
  });

  it('rejects garbage with a message naming the problem', () => {
    const cases: [number[], string][] = [
      [[], 'invalid tag encoding: block 0 count ends in the middle of a number'],
      [
        [...long(1), ...str('A'), ...str('1')],
        'invalid tag encoding: block 1 count ends in the middle of a number',
      ],
      [
        [...long(1), ...str('A'), ...str('1'), 0, 7],
        'invalid tag encoding: 1 unexpected bytes after the end of the tag array',
      ],
      [
        [...long(1), ...long(50), 65, 66],
        'invalid tag encoding: tag 0 name length 50 runs past the end (2 bytes left)',
      ],
      [[...long(1), ...long(-3), 65], 'invalid tag encoding: tag 0 name has a negative length (-3)'],
      [[...long(1), 2, 0xff, 2, 0x41, 0], 'invalid tag encoding: tag 0 name is not valid UTF-8'],
      [
        [...long(40), ...str('A'), ...str('1'), 0],
        'invalid tag encoding: block 0 claims 40 tags but only 5 bytes remain',
      ],
      [
        [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
        'invalid tag encoding: block 0 count is a number too large',
      ],
    ];
    for (const [bytes, message] of cases) {
      const error = caught(() => decodeTags(Uint8Array.from(bytes)));
      expect(error.code).toBe('INVALID_DATA_ITEM');
      expect(error.message).toBe(message);
    }
  });

  it('enforces the ANS-104 limits when encoding', () => {
    const many = Array.from({ length: 129 }, (_, i) => ({ name: `T${i}`, value: 'x' }));
    expect(caught(() => encodeTags(many))).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: 'too many tags: 129 (ANS-104 allows at most 128)',
    });
    expect(encodeTags(many.slice(0, 128)).length).toBeGreaterThan(0);
    expect(caught(() => encodeTags([{ name: 'n'.repeat(1025), value: 'x' }]))).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: 'tag 0 name is too long: 1025 bytes (ANS-104 allows at most 1024)',
    });
    expect(
      caught(() =>
        encodeTags([
          { name: 'Ok', value: 'x' },
          { name: 'Big', value: 'é'.repeat(1537) },
        ]),
      ),
    ).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: 'tag 1 ("Big") value is too long: 3074 bytes (ANS-104 allows at most 3072)',
    });
    expect(caught(() => encodeTags([{ name: '', value: 'x' }]))).toMatchObject({
      code: 'INVALID_DATA_ITEM',
      message: 'tag 0 has an empty name (ANS-104 tag names are non-empty)',
    });
    expect(caught(() => encodeTags([{ name: 'Empty', value: '' }]))).toMatchObject({
      code: 'INVALID_DATA_ITEM',
      message: 'tag 0 ("Empty") has an empty value (ANS-104 tag values are non-empty)',
    });
  });

  it('enforces the ANS-104 limits when decoding', () => {
    expect(
      caught(() => decodeTags(Uint8Array.from([...long(1), ...str('N'), ...str('v'.repeat(3073)), 0]))),
    ).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: 'tag 0 ("N") value is too long: 3073 bytes (ANS-104 allows at most 3072)',
    });
    expect(caught(() => decodeTags(Uint8Array.from([...long(1), ...str(''), ...str('v'), 0])))).toMatchObject(
      {
        code: 'INVALID_DATA_ITEM',
        message: 'tag 0 has an empty name (ANS-104 tag names are non-empty)',
      },
    );
    const overCount = [
      ...long(129),
      ...Array.from({ length: 129 }, () => [...str('A'), ...str('b')]).flat(),
      0,
    ];
    expect(caught(() => decodeTags(Uint8Array.from(overCount)))).toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });
});

describe('deep hash', () => {
  it('matches the arbundles deep hash on nested lists and blobs', async () => {
    const tree = [
      utf8.encode('dataitem'),
      utf8.encode('1'),
      [utf8.encode('nested'), new Uint8Array(0), [new Uint8Array(1000).fill(9)]],
      new Uint8Array(0),
    ];
    const expected = await arbundles.deepHash(tree);
    expect(Buffer.from(deepHash(tree)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    expect(deepHash(tree).length).toBe(48);
  });
});
