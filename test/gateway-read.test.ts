import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemCursor, MAX_PAGE_SIZE, pageSize, parseItemCursor } from '../src/api/graphql/paging.js';
import type { Tag } from '../src/core/types.js';
import {
  createGatewayReads,
  type GatewayReads,
  type ItemFilter,
  type TagCondition,
} from '../src/store/read/index.js';
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

describe('gateway read side: choosing among large filters', () => {
  let node: TestNode;
  beforeEach(async () => {
    node = await createTestNode();
  });
  afterEach(async () => {
    await node.close();
  });

  const eq = (name: string, value: string): TagCondition => ({
    name,
    values: [value],
    op: 'EQ',
    match: 'EXACT',
  });

  /**
   * 60 items, every one `All=yes`; `Half=yes` on even ones; `Early=yes` on the first 30 but every third
   * item at the head, `Late=yes` the other way round; item 7 carries `Dup=x` twice.
   */
  function loadLog(): void {
    const signer = testSigner('dense');
    for (let i = 0; i < 60; i++) {
      const tags: Tag[] = [
        { name: 'All', value: 'yes' },
        { name: 'I', value: String(i) },
      ];
      if (i % 2 === 0) tags.push({ name: 'Half', value: 'yes' });
      if (i < 30 ? i % 1 === 0 : i % 10 === 0) tags.push({ name: 'Early', value: 'yes' });
      if (i < 30 ? i % 10 === 0 : i % 1 === 0) tags.push({ name: 'Late', value: 'yes' });
      if (i === 7) tags.push({ name: 'Dup', value: 'x' }, { name: 'Dup', value: 'x' });
      node.store.insertItem(createItem({ tags, data: '' }, signer), TEST_START_MS + i);
      if (i % 20 === 19) {
        node.advance(60_000);
        expect(node.scheduler.sealBlock()).not.toBeNull();
      }
    }
  }

  const numbers = (items: readonly { tags: string }[]): number[] =>
    items.map((item) => Number((JSON.parse(item.tags) as Tag[]).find((t) => t.name === 'I')?.value));

  /** Every page of `filter`, `limit` at a time, following the cursor. */
  function walk(reads: GatewayReads, filter: ItemFilter, direction: 'asc' | 'desc', limit: number): number[] {
    const seen: number[] = [];
    let afterSeq: number | undefined;
    for (;;) {
      const page = reads.findItems(filter, {
        limit,
        direction,
        ...(afterSeq === undefined ? {} : { afterSeq }),
      });
      seen.push(...numbers(page.items));
      if (!page.hasNextPage) return seen;
      afterSeq = page.items.at(-1)?.seq;
    }
  }

  it('drives from the filter that is sparsest where the page starts when every filter is large', () => {
    loadLog();
    const reads = createGatewayReads(node.store, { estimateCap: 4 });
    const filter: ItemFilter = {
      tags: [eq('All', 'yes'), eq('Half', 'yes'), eq('Early', 'yes'), eq('Late', 'yes')],
    };
    // From the head (desc), Early is every tenth item and Late every one; from genesis the other way round.
    expect(reads.chooseDriver(filter, { direction: 'desc' })).toEqual({ kind: 'tag', tagIndex: 2 });
    expect(reads.chooseDriver(filter, { direction: 'asc' })).toEqual({ kind: 'tag', tagIndex: 3 });
    expect(reads.chooseDriver({ tags: [eq('All', 'yes'), eq('Half', 'yes')] })).toEqual({
      kind: 'tag',
      tagIndex: 1,
    });
    // Under the cap a range is its exact size: the smallest wins, whatever its order.
    expect(reads.chooseDriver({ tags: [eq('Half', 'yes'), eq('Dup', 'x')] })).toEqual({
      kind: 'tag',
      tagIndex: 1,
    });
  });

  it('returns the same items on every page whichever filter drives', () => {
    loadLog();
    const expected = [0, 10, 20, 30, 40, 50];
    const filter: ItemFilter = {
      tags: [eq('All', 'yes'), eq('Half', 'yes'), eq('Early', 'yes'), eq('Late', 'yes')],
    };
    for (const estimateCap of [2, 4, 5000]) {
      const reads = createGatewayReads(node.store, { estimateCap });
      expect(walk(reads, filter, 'asc', 2)).toEqual(expected);
      expect(walk(reads, filter, 'desc', 4)).toEqual([...expected].reverse());
      expect(reads.countItems(filter)).toBe(6);
      const dup: ItemFilter = { tags: [eq('Dup', 'x'), eq('All', 'yes')] };
      expect(walk(reads, dup, 'desc', 1)).toEqual([7]);
      expect(reads.countItems(dup)).toBe(1);
      const twoValues: ItemFilter = {
        tags: [{ name: 'I', values: ['3', '4', '5'], op: 'EQ', match: 'EXACT' }, eq('Half', 'yes')],
      };
      expect(walk(reads, twoValues, 'asc', 1)).toEqual([4]);
      expect(reads.countItems({ tags: [eq('Half', 'yes'), eq('Late', 'yes')] })).toBe(18);
    }
  });

  it('counts a block range without reading it, and a cursor past the range is empty', () => {
    loadLog();
    const reads = createGatewayReads(node.store);
    const all = node.store.orm.$client.prepare('SELECT count(*) FROM data_items').pluck().get() as number;
    expect(reads.countItems({})).toBe(all);
    const sealed = reads.latestBlock()?.height ?? -1;
    const [first, second] = [sealed - 1, sealed];
    const inFirst = walk(reads, { blockMin: first, blockMax: first }, 'asc', 7);
    const inSecond = walk(reads, { blockMin: second, blockMax: second }, 'asc', 7);
    expect(inFirst).toEqual(Array.from({ length: 20 }, (_, i) => 20 + i));
    expect(inSecond).toEqual(Array.from({ length: 20 }, (_, i) => 40 + i));
    expect(reads.countItems({ blockMin: first, blockMax: second })).toBe(40);
    expect(reads.countItems({ blockMin: first, blockMax: second, tags: [eq('Half', 'yes')] })).toBe(20);
    expect(reads.countItems({ blockMin: sealed + 1 })).toBe(0);
    const last = reads.findItems({ blockMin: second, blockMax: second }, { limit: 1, direction: 'desc' })
      .items[0];
    expect(
      reads.findItems({ blockMin: second }, { limit: 5, direction: 'asc', afterSeq: last?.seq ?? 0 }).items,
    ).toEqual([]);
  });
});
