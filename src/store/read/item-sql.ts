/**
 * SQL for gateway item listings, built from fixed fragments with every value bound (`?`), never
 * interpolated. See the tag-index notes in ../schema.ts for why the shapes below are what they are:
 *
 * - A page is driven from ONE source, chosen by the caller (`item-reads.ts`) as the most selective one:
 *   the `ids` list, one EXACT/EQ tag filter's index range, the owner or target index, or the whole log in
 *   seq order. The driver is pinned with CROSS JOIN so SQLite cannot reorder it.
 * - Every other filter is an EXISTS probe on the current row: EXACT/EQ tag filters seek the tag index
 *   (name, value, item_seq); name-only, values-only, NEQ, WILDCARD and FUZZY filters read the item's own
 *   tag list (`json_each(d.tags)`, at most 128 entries).
 * - Duplicate tags: a tag-range driver emits a row only for the lowest matching position of an item, so an
 *   item carrying the same tag twice (or two values of one IN-list) is one edge and counts once.
 * - The keyset is data_items.seq; the block of an item is the block of its first assignment (as a message,
 *   or as the Assignment item itself).
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
 * Items of the sealed blocks min..max as a seq range: after the last item of the block below min, up to
 * the last item of the highest sealed block at or below max (two primary-key seeks, no per-row work).
 */
const blockRangeSql = `d.seq > coalesce((SELECT b.last_item_seq FROM blocks b WHERE b.height < ?
    ORDER BY b.height DESC LIMIT 1), 0)
  AND d.seq <= (SELECT b.last_item_seq FROM blocks b WHERE b.height <= ? ORDER BY b.height DESC LIMIT 1)`;

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

/** One probe for a tag condition on row d. */
function tagProbe(tag: TagCondition, params: unknown[]): string {
  if (isIndexedTag(tag)) {
    params.push(tag.name, ...tag.values);
    return `EXISTS (SELECT 1 FROM tags x WHERE x.name = ? AND x.value IN (${marks(tag.values.length)}) AND x.item_seq = d.seq)`;
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

interface Parts {
  from: string;
  where: string[];
  params: unknown[];
  /** The keyset column of the driver. */
  seqColumn: string;
}

function buildParts(filter: ItemFilter, driver: Driver): Parts {
  const params: unknown[] = [];
  const where: string[] = [];
  let from = 'data_items d';
  let seqColumn = 'd.seq';

  if (driver.kind === 'tag') {
    const tag = filter.tags?.[driver.tagIndex ?? -1];
    if (tag === undefined || !isIndexedTag(tag)) throw new Error('tag driver needs an indexed tag filter');
    from = 'tags t CROSS JOIN data_items d ON d.seq = t.item_seq';
    seqColumn = 't.item_seq';
    const n = tag.values.length;
    where.push(
      `t.name = ? AND t.value IN (${marks(n)})`,
      `NOT EXISTS (SELECT 1 FROM tags t2 WHERE t2.name = t.name AND t2.value IN (${marks(n)})
        AND t2.item_seq = t.item_seq AND t2.position < t.position)`,
    );
    params.push(tag.name, ...tag.values, ...tag.values);
  }

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
  if (filter.blockMin !== undefined || filter.blockMax !== undefined) {
    // Only sealed blocks: items of the open block are past the last sealed one's last_item_seq.
    where.push(blockRangeSql);
    params.push(filter.blockMin ?? 0, filter.blockMax ?? Number.MAX_SAFE_INTEGER);
  }
  filter.tags?.forEach((tag, i) => {
    if (driver.kind === 'tag' && i === driver.tagIndex) return;
    where.push(tagProbe(tag, params));
  });
  if (filter.empty === true) where.push('0');
  return { from, where, params, seqColumn };
}

/** A page: `limit` rows of GatewayItem columns after `afterSeq`, in `direction` order. */
export function pageQuery(
  filter: ItemFilter,
  driver: Driver,
  page: { afterSeq?: number; limit: number; direction: 'asc' | 'desc' },
): BuiltQuery {
  const { from, where, params, seqColumn } = buildParts(filter, driver);
  if (page.afterSeq !== undefined) {
    where.push(`${seqColumn} ${page.direction === 'desc' ? '<' : '>'} ?`);
    params.push(page.afterSeq);
  }
  params.push(page.limit);
  const sql = `SELECT ${gatewayItemColumns} FROM ${from}
    ${where.length > 0 ? `WHERE ${where.join('\n AND ')}` : ''}
    ORDER BY ${seqColumn} ${page.direction === 'desc' ? 'DESC' : 'ASC'} LIMIT ?`;
  return { sql, params };
}

/** How many items match (each once), ignoring any cursor. */
export function countQuery(filter: ItemFilter, driver: Driver): BuiltQuery {
  const { from, where, params } = buildParts(filter, driver);
  return {
    sql: `SELECT count(*) AS n FROM ${from} ${where.length > 0 ? `WHERE ${where.join('\n AND ')}` : ''}`,
    params,
  };
}

/** Capped size of one candidate driver's index range (for picking the most selective). */
export function estimateQuery(filter: ItemFilter, driver: Driver, cap: number): BuiltQuery | null {
  switch (driver.kind) {
    case 'tag': {
      const tag = filter.tags?.[driver.tagIndex ?? -1];
      if (tag === undefined || !isIndexedTag(tag)) return null;
      return {
        sql: `SELECT count(*) AS n FROM (SELECT 1 FROM tags WHERE name = ? AND value IN (${marks(tag.values.length)}) LIMIT ?)`,
        params: [tag.name, ...tag.values, cap],
      };
    }
    case 'owner':
      if (filter.owners === undefined) return null;
      return {
        sql: `SELECT count(*) AS n FROM (SELECT 1 FROM data_items WHERE owner_address IN (${marks(filter.owners.length)}) LIMIT ?)`,
        params: [...filter.owners, cap],
      };
    case 'recipient':
      if (filter.recipients === undefined) return null;
      return {
        sql: `SELECT count(*) AS n FROM (SELECT 1 FROM data_items WHERE target IN (${marks(filter.recipients.length)}) LIMIT ?)`,
        params: [...filter.recipients, cap],
      };
    default:
      return null;
  }
}
