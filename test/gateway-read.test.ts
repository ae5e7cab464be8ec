import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemCursor, MAX_PAGE_SIZE, pageSize, parseItemCursor } from '../src/api/graphql/paging.js';
import { fuzzyTerms, wildcardToGlob } from '../src/store/read/item-sql.js';
import { createItem, testSigner } from './support/log-items.js';
import { createTestNode, TEST_START_MS, type TestNode } from './support/test-node.js';

describe('paging helpers', () => {
  it('defaults first to 10, accepts 0..1000 and refuses the rest', () => {
    expect(pageSize(undefined)).toBe(10);
    expect(pageSize(0)).toBe(0);
    expect(pageSize(MAX_PAGE_SIZE)).toBe(1000);
    expect(() => pageSize(1001)).toThrow('first must be between 0 and 1000, got 1001');
    expect(() => pageSize(-1)).toThrow('first must be between 0 and 1000, got -1');
  });

  it('round-trips item cursors and refuses foreign ones', () => {
    expect(parseItemCursor(itemCursor(12345))).toBe(12345);
    expect(itemCursor(7)).toBe(itemCursor(7));
    expect(() => parseItemCursor(Buffer.from('["b",3]').toString('base64url'))).toThrow('invalid cursor');
    expect(() => parseItemCursor('%%%')).toThrow('invalid cursor');
  });

  it('makes GLOB metacharacters other than * literal and splits fuzzy terms', () => {
    expect(wildcardToGlob('text/*')).toBe('text/*');
    expect(wildcardToGlob('a?[b]*')).toBe('a[?][[]b[]]*');
    expect(fuzzyTerms('  Quick  BROWN fox ')).toEqual(['quick', 'brown', 'fox']);
  });
});

describe('gateway read side', () => {
  let node: TestNode;
  beforeEach(async () => {
    node = await createTestNode();
  });
  afterEach(async () => {
    await node.close();
  });

  it('drives a multi-tag query from the most selective filter', () => {
    const signer = testSigner('bulk');
    for (let i = 0; i < 30; i++) {
      const item = createItem(
        {
          tags: [
            { name: 'Data-Protocol', value: 'ao' },
            { name: 'Process', value: i < 2 ? 'rare' : 'common' },
            { name: 'I', value: String(i) },
          ],
          data: '',
        },
        signer,
      );
      node.store.insertItem(item, TEST_START_MS);
    }
    const filter = {
      tags: [
        { name: 'Data-Protocol', values: ['ao'], op: 'EQ' as const, match: 'EXACT' as const },
        { name: 'Process', values: ['rare'], op: 'EQ' as const, match: 'EXACT' as const },
      ],
    };
    expect(node.reads.chooseDriver(filter)).toEqual({ kind: 'tag', tagIndex: 1 });
    expect(node.reads.countItems(filter)).toBe(2);
    const page = node.reads.findItems(filter, { limit: 1, direction: 'asc' });
    expect(page.items.map((i) => JSON.parse(i.tags)[2].value)).toEqual(['0']);
    expect(page.hasNextPage).toBe(true);
    expect(node.reads.chooseDriver({})).toEqual({ kind: 'scan' });
    expect(node.reads.chooseDriver({ ids: ['x'] })).toEqual({ kind: 'ids' });
  });
});
