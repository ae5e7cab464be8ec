import type { Database } from 'better-sqlite3';
import type { BlockRecord, Store } from '../types.js';
import {
  type BuiltQuery,
  countQuery,
  type Driver,
  estimateQuery,
  gatewayItemColumns,
  isIndexedTag,
  pageQuery,
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
  /** Which source a page of this filter is driven from (the most selective; see item-sql.ts). */
  chooseDriver(filter: ItemFilter): Driver;
  /** Items by id, in no particular order; unknown ids are left out. */
  itemsByIds(ids: readonly string[]): GatewayItem[];
  /** Sealed blocks by height; unknown heights are left out. */
  blocksByHeights(heights: readonly number[]): BlockRecord[];
  blockById(id: string): BlockRecord | undefined;
  latestBlock(): BlockRecord | undefined;
  /** One page of sealed blocks. */
  findBlocks(range: BlockRange): { blocks: BlockRecord[]; hasNextPage: boolean };
}

/** A tag range with fewer rows than this is small enough to drive a page even if it must be sorted. */
const estimateCap = 5000;
const statementCacheSize = 500;

const blockColumns = `height, id, previous, timestamp, assignments_root AS assignmentsRoot,
  assignment_count AS assignmentCount, last_item_seq AS lastItemSeq`;

export function createGatewayReads(store: Store): GatewayReads {
  const db: Database = store.orm.$client;
  const prepare = statementCache(db, statementCacheSize);
  const all = <T>(label: string, q: BuiltQuery): T[] =>
    store.run(label, () => prepare(q.sql).all(q.params) as T[]);
  const get = <T>(label: string, q: BuiltQuery): T | undefined =>
    store.run(label, () => prepare(q.sql).get(q.params) as T | undefined);

  const estimate = (filter: ItemFilter, driver: Driver): number => {
    const q = estimateQuery(filter, driver, estimateCap);
    return q === null ? Number.POSITIVE_INFINITY : (get<{ n: number }>('gateway.estimate', q)?.n ?? 0);
  };

  const chooseDriver = (filter: ItemFilter): Driver => {
    if (filter.ids !== undefined) return { kind: 'ids' };
    const candidates: { driver: Driver; size: number; ordered: boolean }[] = [];
    filter.tags?.forEach((tag, tagIndex) => {
      if (!isIndexedTag(tag)) return;
      const driver: Driver = { kind: 'tag', tagIndex };
      candidates.push({ driver, size: estimate(filter, driver), ordered: tag.values.length === 1 });
    });
    if (filter.owners !== undefined) {
      const driver: Driver = { kind: 'owner' };
      candidates.push({ driver, size: estimate(filter, driver), ordered: filter.owners.length === 1 });
    }
    if (filter.recipients !== undefined) {
      const driver: Driver = { kind: 'recipient' };
      candidates.push({ driver, size: estimate(filter, driver), ordered: filter.recipients.length === 1 });
    }
    let best: { driver: Driver; size: number; ordered: boolean } | undefined;
    for (const c of candidates) if (best === undefined || c.size < best.size) best = c;
    if (best === undefined) return { kind: 'scan' };
    if (best.size < estimateCap) return best.driver;
    // Every range is large: drive from one already in seq order (streams the page without a sort), else
    // from the log itself.
    return candidates.find((c) => c.ordered)?.driver ?? { kind: 'scan' };
  };

  return {
    chooseDriver,
    findItems(filter, page) {
      if (filter.empty === true) return { items: [], hasNextPage: false };
      const q = pageQuery(filter, chooseDriver(filter), { ...page, limit: page.limit + 1 });
      const rows = all<GatewayItem>('gateway.findItems', q);
      const hasNextPage = rows.length > page.limit;
      if (hasNextPage) rows.length = page.limit;
      return { items: rows, hasNextPage };
    },
    countItems(filter) {
      if (filter.empty === true) return 0;
      return get<{ n: number }>('gateway.countItems', countQuery(filter, chooseDriver(filter)))?.n ?? 0;
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
