import type { Database } from 'better-sqlite3';
import type { BlockRecord, Store } from '../types.js';
import {
  type BuiltQuery,
  blockWindowSql,
  countQuery,
  type Driver,
  estimateQuery,
  gatewayItemColumns,
  hasRowFilter,
  isIndexedTag,
  isOrderedDriver,
  pageQuery,
  type SeqWindow,
} from './item-sql.js';
import { marks, statementCache } from './statement-cache.js';
import type { BlockRange, GatewayItem, ItemFilter, ItemPage } from './types.js';

/**
 * The gateway read side over the log: item and block listings for GraphQL, batched lookups for
 * DataLoaders. Every method is synchronous and runs through `store.run` (labelled, errors mapped).
 */
export interface GatewayReads {
  /** One page of matching items; `hasNextPage` from fetching one row more than `limit`. */
  findItems(filter: ItemFilter, page: ItemPage): { items: GatewayItem[]; hasNextPage: boolean };
  /** How many items match, each once, ignoring any cursor. */
  countItems(filter: ItemFilter): number;
  /**
   * Which source a page of this filter is driven from (the most selective near where the page starts;
   * see `plan` below). Without a page: a descending page from the head.
   */
  chooseDriver(filter: ItemFilter, page?: Omit<ItemPage, 'limit'>): Driver;
  /** Items by id, in no particular order; unknown ids are left out. */
  itemsByIds(ids: readonly string[]): GatewayItem[];
  /** Sealed blocks by height; unknown heights are left out. */
  blocksByHeights(heights: readonly number[]): BlockRecord[];
  blockById(id: string): BlockRecord | undefined;
  latestBlock(): BlockRecord | undefined;
  /** One page of sealed blocks. */
  findBlocks(range: BlockRange): { blocks: BlockRecord[]; hasNextPage: boolean };
}

/** A driver range with fewer rows than this is small enough to drive a page even if it must be sorted. */
const defaultEstimateCap = 5000;
const statementCacheSize = 500;

export interface GatewayReadOptions {
  /** Rows sampled per candidate driver (tests lower it to reach the "every range is large" case). */
  estimateCap?: number;
}

/** How a query runs: its driver and the order of its tag probes (most selective first). */
interface Plan {
  driver: Driver;
  probeOrder: number[];
}

interface Candidate {
  driver: Driver;
  /** Estimated rows of the driver's range inside the window; Infinity for an unordered range too large to sort. */
  size: number;
}

const blockColumns = `height, id, previous, timestamp, assignments_root AS assignmentsRoot,
  assignment_count AS assignmentCount, last_item_seq AS lastItemSeq`;

/** True when a filter is a block range at most: every item of its seq window matches. */
function isWindowOnly(filter: ItemFilter): boolean {
  return !hasRowFilter(filter) && (filter.tags?.length ?? 0) === 0;
}

export function createGatewayReads(store: Store, options: GatewayReadOptions = {}): GatewayReads {
  const cap = options.estimateCap ?? defaultEstimateCap;
  const db: Database = store.orm.$client;
  const prepare = statementCache(db, statementCacheSize);
  const all = <T>(label: string, q: BuiltQuery): T[] =>
    store.run(label, () => prepare(q.sql).all(q.params) as T[]);
  const get = <T>(label: string, q: BuiltQuery): T | undefined =>
    store.run(label, () => prepare(q.sql).get(q.params) as T | undefined);

  const headSeq = (): number =>
    get<{ n: number | null }>('gateway.head', { sql: 'SELECT max(seq) AS n FROM data_items', params: [] })
      ?.n ?? 0;

  /** The block range and the cursor as one seq window; null when it holds no item. */
  const windowOf = (filter: ItemFilter, page?: Omit<ItemPage, 'limit'>): SeqWindow | null => {
    let lo = 0;
    let hi = Number.MAX_SAFE_INTEGER;
    if (filter.blockMin !== undefined || filter.blockMax !== undefined) {
      const blocks = get<{ lo: number; hi: number | null }>('gateway.blockWindow', {
        sql: blockWindowSql,
        params: [filter.blockMin ?? 0, filter.blockMax ?? Number.MAX_SAFE_INTEGER],
      });
      if (blocks?.hi === null || blocks?.hi === undefined) return null;
      lo = blocks.lo;
      hi = blocks.hi;
    }
    if (page?.afterSeq !== undefined) {
      if (page.direction === 'desc') hi = Math.min(hi, page.afterSeq - 1);
      else lo = Math.max(lo, page.afterSeq);
    }
    return lo < hi ? { lo, hi } : null;
  };

  /**
   * Rows of a candidate's range in the window. Under `cap` the sample is the whole range. A larger ordered
   * range is scaled from the seqs its first `cap` rows span in the page's direction: its density where the
   * page starts, times the window. So of several large filters the sparsest drives, and a page reads about
   * limit / (share of its rows that pass the other filters) rows, not the densest filter's range.
   */
  const estimate = (
    filter: ItemFilter,
    driver: Driver,
    window: SeqWindow,
    direction: 'asc' | 'desc',
    top: () => number,
  ): number => {
    const q = estimateQuery(filter, driver, window, direction, cap);
    if (q === null) return Number.POSITIVE_INFINITY;
    const sample = get<{ n: number; low: number | null; high: number | null }>('gateway.estimate', q);
    const n = sample?.n ?? 0;
    if (n < cap) return n;
    if (!isOrderedDriver(filter, driver)) return Number.POSITIVE_INFINITY;
    const hi = Math.min(window.hi, top());
    const span =
      direction === 'desc' ? hi - (sample?.low ?? hi) + 1 : (sample?.high ?? window.lo) - window.lo;
    return (cap * Math.max(hi - window.lo, 1)) / Math.max(span, 1);
  };

  const plan = (filter: ItemFilter, window: SeqWindow, direction: 'asc' | 'desc'): Plan => {
    if (filter.ids !== undefined) return { driver: { kind: 'ids' }, probeOrder: [] };
    let head: number | undefined;
    const top = (): number => {
      head ??= headSeq();
      return head;
    };
    const candidates: Candidate[] = [];
    const add = (driver: Driver): void => {
      candidates.push({ driver, size: estimate(filter, driver, window, direction, top) });
    };
    filter.tags?.forEach((tag, tagIndex) => {
      if (isIndexedTag(tag)) add({ kind: 'tag', tagIndex });
    });
    if (filter.owners !== undefined) add({ kind: 'owner' });
    if (filter.recipients !== undefined) add({ kind: 'recipient' });
    const bySize = [...candidates].sort((x, y) => (x.size === y.size ? 0 : x.size < y.size ? -1 : 1));
    const best = bySize[0];
    const probeOrder = bySize.flatMap((c) => (c.driver.tagIndex === undefined ? [] : [c.driver.tagIndex]));
    // Every range is too large to sort and none is in seq order: drive from the log itself.
    if (best === undefined || best.size === Number.POSITIVE_INFINITY)
      return { driver: { kind: 'scan' }, probeOrder };
    return { driver: best.driver, probeOrder };
  };

  return {
    chooseDriver(filter, page) {
      const window = windowOf(filter, page) ?? { lo: 0, hi: 0 };
      return plan(filter, window, page?.direction ?? 'desc').driver;
    },
    findItems(filter, page) {
      const window = windowOf(filter, page);
      if (filter.empty === true || window === null) return { items: [], hasNextPage: false };
      const { driver, probeOrder } = plan(filter, window, page.direction);
      const q = pageQuery(filter, driver, {
        window,
        limit: page.limit + 1,
        direction: page.direction,
        probeOrder,
      });
      const rows = all<GatewayItem>('gateway.findItems', q);
      const hasNextPage = rows.length > page.limit;
      if (hasNextPage) rows.length = page.limit;
      return { items: rows, hasNextPage };
    },
    countItems(filter) {
      const window = windowOf(filter);
      if (filter.empty === true || window === null) return 0;
      if (isWindowOnly(filter)) {
        // seq is the rowid of an append-only table, assigned max + 1: the log's seqs are 1..head without
        // gaps, so the items of a window are counted without reading them (a whole-log count read 4 GB).
        return Math.max(0, Math.min(window.hi, headSeq()) - window.lo);
      }
      const { driver, probeOrder } = plan(filter, window, 'desc');
      return get<{ n: number }>('gateway.countItems', countQuery(filter, driver, window, probeOrder))?.n ?? 0;
    },
    itemsByIds(ids) {
      if (ids.length === 0) return [];
      return all<GatewayItem>('gateway.itemsByIds', {
        sql: `SELECT ${gatewayItemColumns} FROM data_items d WHERE d.id IN (${marks(ids.length)})`,
        params: [...ids],
      });
    },
    blocksByHeights(heights) {
      if (heights.length === 0) return [];
      return all<BlockRecord>('gateway.blocksByHeights', {
        sql: `SELECT ${blockColumns} FROM blocks WHERE height IN (${marks(heights.length)})`,
        params: [...heights],
      });
    },
    blockById(id) {
      return get<BlockRecord>('gateway.blockById', {
        sql: `SELECT ${blockColumns} FROM blocks WHERE id = ?`,
        params: [id],
      });
    },
    latestBlock() {
      return store.latestBlock();
    },
    findBlocks(range) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (range.ids !== undefined) {
        where.push(`id IN (${marks(range.ids.length)})`);
        params.push(...range.ids);
      }
      if (range.minHeight !== undefined) {
        where.push('height >= ?');
        params.push(range.minHeight);
      }
      if (range.maxHeight !== undefined) {
        where.push('height <= ?');
        params.push(range.maxHeight);
      }
      if (range.afterHeight !== undefined) {
        where.push(range.direction === 'desc' ? 'height < ?' : 'height > ?');
        params.push(range.afterHeight);
      }
      params.push(range.limit + 1);
      const rows = all<BlockRecord>('gateway.findBlocks', {
        sql: `SELECT ${blockColumns} FROM blocks ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY height ${range.direction === 'desc' ? 'DESC' : 'ASC'} LIMIT ?`,
        params,
      });
      const hasNextPage = rows.length > range.limit;
      if (hasNextPage) rows.length = range.limit;
      return { blocks: rows, hasNextPage };
    },
  };
}
