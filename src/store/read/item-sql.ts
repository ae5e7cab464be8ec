/**
 * SQL for gateway item listings, built from fixed fragments with every value bound (`?`), never
 * interpolated. See the tag-index notes in ../schema.ts for why the shapes below are what they are:
 *
 * - A page is driven from ONE source, chosen by the caller (`item-reads.ts`) as the most selective one near
 *   where the page starts: the `ids` list, one EXACT/EQ tag filter's index range, the owner or target
 *   index, or the whole log in seq order. The driver is pinned with CROSS JOIN so SQLite cannot reorder it.
 * - Every other filter is an EXISTS probe on the current entry: EXACT/EQ tag filters seek the tag index
 *   (name, value, item_seq) by the driver's own seq, most selective first, before the item's row is read;
 *   name-only, values-only, NEQ, WILDCARD and FUZZY filters read the item's own tag list
 *   (`json_each(d.tags)`, at most 128 entries).
 * - A page finds its seqs first and reads the rows of those seqs only; a count of tag filters alone never
 *   reads a row.
 * - Duplicate tags: a tag-range driver selects DISTINCT seqs, so an item carrying the same tag twice (or
 *   two values of one IN-list) is one edge and counts once.
 * - The block range and the cursor are one seq window on the driver's seq column (an item's block is the
 *   block it was logged in, so a block range is a seq range).
 */

import { marks } from './statement-cache.js';
import type { DriverKind, ItemFilter, TagCondition } from './types.js';

export interface BuiltQuery {
  sql: string;
  params: unknown[];
}

/**
 * Height of the sealed block an item was logged in, or NULL while its block is open: the first block
 * whose last_item_seq reaches the item's seq (one seek on blocks_last_item_seq_idx). The scheduler seals a
 * due block before it logs an item it schedules, so a message scheduled on arrival is in its assignment's
 * block, ingest (seq) order is block order, and an item never assigned (a reply to a wallet) has a block.
 */
export const itemBlockSql = `(SELECT b.height FROM blocks b WHERE b.last_item_seq >= d.seq
  ORDER BY b.last_item_seq, b.height LIMIT 1)`;

/**
 * The items of the sealed blocks min..max as a seq window `lo < seq <= hi`: after the last item of the
 * block below min, up to the last item of the highest sealed block at or below max (two primary-key
 * seeks). `hi` is NULL when no block at or below max is sealed: the range is empty.
 */
export const blockWindowSql = `SELECT coalesce((SELECT b.last_item_seq FROM blocks b WHERE b.height < ?
    ORDER BY b.height DESC LIMIT 1), 0) AS lo,
  (SELECT b.last_item_seq FROM blocks b WHERE b.height <= ? ORDER BY b.height DESC LIMIT 1) AS hi`;

/**
 * The seqs a query may return, `lo < seq <= hi`: the block range and the page cursor in one window,
 * bounding the driver's own (indexed) seq column, so a tag range or the log is read only inside it.
 */
export interface SeqWindow {
  lo: number;
  hi: number;
}

/** The columns of a GatewayItem, over alias d. */
export const gatewayItemColumns = `d.seq AS seq, d.id AS id, d.signature AS signature, d.owner AS owner,
  d.owner_address AS ownerAddress, d.target AS target, d.anchor AS anchor, d.tags AS tags,
  d.data_size AS dataSize, d.content_type AS contentType, d.ingested_at AS ingestedAt,
  ${itemBlockSql} AS blockHeight`;

/** True for tag conditions the tag index can answer directly (and drive a page from). */
export function isIndexedTag(tag: TagCondition): tag is TagCondition & { name: string; values: string[] } {
  return tag.op === 'EQ' && tag.match === 'EXACT' && tag.name !== undefined && (tag.values?.length ?? 0) > 0;
}

/** `*` matches any run; every other GLOB metacharacter is made literal. */
export function wildcardToGlob(pattern: string): string {
  return pattern.replace(/[[\]?]/g, (c) => `[${c}]`);
}

/** Lower-cased whitespace-separated terms of a FUZZY value. */
export function fuzzyTerms(value: string): string[] {
  return value
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== '');
}

const jName = "json_extract(j.value, '$.name')";
const jValue = "json_extract(j.value, '$.value')";

/**
 * A lower-cased term (bound twice) in the lower-cased value: SQLite's lower() for an ASCII value, the
 * store's Unicode aolite_lower() (a JS call, slower) only for a value with some other character.
 */
const fuzzyTermSql = `(CASE WHEN ${jValue} GLOB '*[^ -~]*' THEN instr(aolite_lower(${jValue}), ?)
  ELSE instr(lower(${jValue}), ?) END) > 0`;

function valuePredicate(tag: TagCondition, params: unknown[]): string | null {
  const values = tag.values ?? [];
  if (values.length === 0) return null;
  switch (tag.match) {
    case 'EXACT':
      params.push(...values);
      return `${jValue} IN (${marks(values.length)})`;
    case 'WILDCARD':
      params.push(...values.map(wildcardToGlob));
      return `(${values.map(() => `${jValue} GLOB ?`).join(' OR ')})`;
    case 'FUZZY_AND':
    case 'FUZZY_OR': {
      const joiner = tag.match === 'FUZZY_AND' ? ' AND ' : ' OR ';
      const groups: string[] = [];
      for (const value of values) {
        const terms = fuzzyTerms(value);
        if (terms.length === 0) continue;
        for (const term of terms) params.push(term, term);
        groups.push(`(${terms.map(() => fuzzyTermSql).join(joiner)})`);
      }
      return groups.length === 0 ? '0' : `(${groups.join(' OR ')})`;
    }
  }
}

/**
 * One probe for a tag condition on the row at `seqColumn`. An indexed probe names the driver's own seq
 * column, so SQLite tests it before it reads the item's row: a tag-driven page reads the log's (large)
 * rows only for the entries that pass every indexed filter.
 */
function tagProbe(tag: TagCondition, params: unknown[], seqColumn: string): string {
  if (isIndexedTag(tag)) {
    params.push(tag.name, ...tag.values);
    return `EXISTS (SELECT 1 FROM tags x WHERE x.name = ? AND x.value IN (${marks(tag.values.length)}) AND x.item_seq = ${seqColumn})`;
  }
  const parts: string[] = [];
  if (tag.name !== undefined) {
    parts.push(`${jName} = ?`);
    params.push(tag.name);
  }
  const value = valuePredicate(tag, params);
  if (value !== null) parts.push(tag.op === 'NEQ' ? `NOT ${value}` : value);
  return `EXISTS (SELECT 1 FROM json_each(d.tags) j WHERE ${parts.join(' AND ')})`;
}

/** The chosen driver: its kind and, for `tag`, which filter. */
export interface Driver {
  kind: DriverKind;
  /** Index into filter.tags when kind is 'tag'. */
  tagIndex?: number;
}

/** An index range a page can be driven from: `key` over `table`, with its seq column. */
interface DriverSource {
  table: string;
  seqColumn: string;
  key: string;
  params: unknown[];
  /** One key value: the range is already in seq order (no sort to page it). */
  ordered: boolean;
}

function driverSource(filter: ItemFilter, driver: Driver): DriverSource | null {
  switch (driver.kind) {
    case 'tag': {
      const tag = filter.tags?.[driver.tagIndex ?? -1];
      if (tag === undefined || !isIndexedTag(tag)) return null;
      const key = `name = ? AND value IN (${marks(tag.values.length)})`;
      const ordered = tag.values.length === 1;
      return { table: 'tags', seqColumn: 'item_seq', key, params: [tag.name, ...tag.values], ordered };
    }
    case 'owner':
      if (filter.owners === undefined) return null;
      return {
        table: 'data_items',
        seqColumn: 'seq',
        key: `owner_address IN (${marks(filter.owners.length)})`,
        params: [...filter.owners],
        ordered: filter.owners.length === 1,
      };
    case 'recipient':
      if (filter.recipients === undefined) return null;
      return {
        table: 'data_items',
        seqColumn: 'seq',
        key: `target IN (${marks(filter.recipients.length)})`,
        params: [...filter.recipients],
        ordered: filter.recipients.length === 1,
      };
    default:
      return null;
  }
}

/** True when the driver's index range is in seq order (one key value), so a page needs no sort. */
export function isOrderedDriver(filter: ItemFilter, driver: Driver): boolean {
  return driverSource(filter, driver)?.ordered === true;
}

/** True when the filter tests a column of the item's row (ids, owners, recipients, ingest time). */
export function hasRowFilter(filter: ItemFilter): boolean {
  return (
    filter.ids !== undefined ||
    filter.owners !== undefined ||
    filter.recipients !== undefined ||
    filter.ingestedFromMs !== undefined ||
    filter.ingestedToMs !== undefined
  );
}

/** True when some filter other than EXACT/EQ tags reads the item's own row. */
function readsRow(filter: ItemFilter): boolean {
  return hasRowFilter(filter) || (filter.tags ?? []).some((tag) => !isIndexedTag(tag));
}

interface Parts {
  from: string;
  where: string[];
  params: unknown[];
  /** The keyset column of the driver. */
  seqColumn: string;
  /**
   * The driver may yield an item more than once (a tag range, when an item carries the tag twice or two
   * values of an IN-list): select DISTINCT seqs. On a one-value range SQLite does that in index order,
   * comparing neighbours, with no temporary table.
   */
  distinct: boolean;
}

/**
 * FROM and WHERE of a query driven from `driver` over `window`. `probeOrder` lists the tag filters to
 * probe, most selective first (SQLite tests EXISTS terms in the order written, so a row fails fast);
 * tag filters it leaves out are probed after, in filter order.
 */
function buildParts(
  filter: ItemFilter,
  driver: Driver,
  window: SeqWindow,
  probeOrder: readonly number[],
): Parts {
  const params: unknown[] = [];
  const where: string[] = [];
  let from = 'data_items d';
  let seqColumn = 'd.seq';

  if (driver.kind === 'tag') {
    const tag = filter.tags?.[driver.tagIndex ?? -1];
    if (tag === undefined || !isIndexedTag(tag)) throw new Error('tag driver needs an indexed tag filter');
    // The item's row only when a filter reads it: a tag-driven query of tag filters alone is index work.
    from = readsRow(filter) ? 'tags t CROSS JOIN data_items d ON d.seq = t.item_seq' : 'tags t';
    seqColumn = 't.item_seq';
    where.push(`t.name = ? AND t.value IN (${marks(tag.values.length)})`);
    params.push(tag.name, ...tag.values);
  }
  where.push(`${seqColumn} > ? AND ${seqColumn} <= ?`);
  params.push(window.lo, window.hi);

  if (filter.ids !== undefined) {
    where.push(`d.id IN (${marks(filter.ids.length)})`);
    params.push(...filter.ids);
  }
  if (filter.owners !== undefined) {
    where.push(`d.owner_address IN (${marks(filter.owners.length)})`);
    params.push(...filter.owners);
  }
  if (filter.recipients !== undefined) {
    where.push(`d.target IN (${marks(filter.recipients.length)})`);
    params.push(...filter.recipients);
  }
  if (filter.ingestedFromMs !== undefined) {
    where.push('d.ingested_at >= ?');
    params.push(filter.ingestedFromMs);
  }
  if (filter.ingestedToMs !== undefined) {
    where.push('d.ingested_at <= ?');
    params.push(filter.ingestedToMs);
  }
  const tags = filter.tags ?? [];
  const order = [...probeOrder, ...tags.keys()].filter((i, at, all) => all.indexOf(i) === at);
  for (const i of order) {
    const tag = tags[i];
    if (tag === undefined || (driver.kind === 'tag' && i === driver.tagIndex)) continue;
    where.push(tagProbe(tag, params, seqColumn));
  }
  if (filter.empty === true) where.push('0');
  return { from, where, params, seqColumn, distinct: driver.kind === 'tag' };
}

/**
 * A page: `limit` rows of GatewayItem columns of `window`, in `direction` order. The seqs of the page are
 * found first (in a subquery), then their rows are read: a row is read only for an item on the page.
 */
export function pageQuery(
  filter: ItemFilter,
  driver: Driver,
  page: { window: SeqWindow; limit: number; direction: 'asc' | 'desc'; probeOrder?: readonly number[] },
): BuiltQuery {
  const { from, where, params, seqColumn, distinct } = buildParts(
    filter,
    driver,
    page.window,
    page.probeOrder ?? [],
  );
  params.push(page.limit);
  const dir = page.direction === 'desc' ? 'DESC' : 'ASC';
  const sql = `SELECT ${gatewayItemColumns} FROM (SELECT ${distinct ? 'DISTINCT ' : ''}${seqColumn} AS s FROM ${from}
      WHERE ${where.join('\n AND ')} ORDER BY ${seqColumn} ${dir} LIMIT ?) k
    CROSS JOIN data_items d ON d.seq = k.s ORDER BY k.s ${dir}`;
  return { sql, params };
}

/** How many items of `window` match (each once). */
export function countQuery(
  filter: ItemFilter,
  driver: Driver,
  window: SeqWindow,
  probeOrder: readonly number[] = [],
): BuiltQuery {
  const { from, where, params, seqColumn, distinct } = buildParts(filter, driver, window, probeOrder);
  const rows = `FROM ${from} WHERE ${where.join('\n AND ')}`;
  const sql = distinct
    ? `SELECT count(*) AS n FROM (SELECT DISTINCT ${seqColumn} ${rows})`
    : `SELECT count(*) AS n ${rows}`;
  return { sql, params };
}

/**
 * A sample of a candidate driver's range inside `window`: the first `cap` entries in `direction` (in seq
 * order for an ordered range), how many there are (`n`) and their lowest and highest seq. `n < cap` is the
 * exact size; otherwise the seqs the sample spans give the range's density near where the page starts.
 */
export function estimateQuery(
  filter: ItemFilter,
  driver: Driver,
  window: SeqWindow,
  direction: 'asc' | 'desc',
  cap: number,
): BuiltQuery | null {
  const source = driverSource(filter, driver);
  if (source === null) return null;
  const { table, seqColumn: s, key, params, ordered } = source;
  const order = ordered ? `ORDER BY ${s} ${direction === 'desc' ? 'DESC' : 'ASC'}` : '';
  return {
    sql: `SELECT count(*) AS n, min(s) AS low, max(s) AS high FROM (SELECT ${s} AS s FROM ${table}
      WHERE ${key} AND ${s} > ? AND ${s} <= ? ${order} LIMIT ?)`,
    params: [...params, window.lo, window.hi, cap],
  };
}
