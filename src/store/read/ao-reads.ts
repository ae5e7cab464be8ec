import type { Database } from 'better-sqlite3';
import { CRON_TICK_TYPE } from '../../core/cron.js';
import type { ResultRecord } from '../results.js';
import type { ProcessRecord, Store, StoredAssignment } from '../types.js';
import { marks, statementCache } from './statement-cache.js';

/** Where a process stands: its head slot, the blocks of its first and latest assignment, its last result. */
export interface ProcessStats {
  processId: string;
  headSlot: number;
  firstBlock: number;
  lastBlock: number;
  /** -1 when nothing is evaluated yet. */
  evaluatedSlot: number;
}

export interface ProcessQuery {
  owner?: string;
  module?: string;
  parent?: string;
  /** Keyset: processes spawned after this item seq. */
  afterSeq?: number;
  limit: number;
}

export interface ResultQuery {
  processId: string;
  /** Inclusive slot bounds. */
  fromSlot?: number;
  toSlot?: number;
  /** Keyset: results after this slot. */
  afterSlot?: number;
  /** Only results with an Error. */
  errorsOnly?: boolean;
  /** Only results of messages carrying this `Action` tag (a tag-index seek per result). */
  action?: string;
  limit: number;
}

export interface ResultKey {
  processId: string;
  slot: number;
}

/**
 * The read side of the ao queries: processes, their standing, assignments by message, results by key and
 * filtered pages. Batched lookups serve the per-request DataLoaders. Synchronous, through `store.run`.
 */
export interface AoReads {
  processesByIds(ids: readonly string[]): ProcessRecord[];
  processStats(ids: readonly string[]): ProcessStats[];
  findProcesses(query: ProcessQuery): { processes: ProcessRecord[]; hasNextPage: boolean };
  /** Every assignment of these messages, in assignment order. */
  assignmentsOfMessages(ids: readonly string[]): StoredAssignment[];
  resultsAt(keys: readonly ResultKey[]): ResultRecord[];
  findResults(query: ResultQuery): { results: ResultRecord[]; hasNextPage: boolean };
}

const processColumns = `p.id AS id, p.item_seq AS itemSeq, p.owner AS owner, p.module AS module,
  p.scheduler AS scheduler, p.parent AS parent, p.pushed_for AS pushedFor, p.spawned_at AS spawnedAt`;
const assignmentColumns = `seq, process_id AS processId, slot, message_id AS messageId,
  assignment_id AS assignmentId, timestamp, block_height AS blockHeight, epoch, hash_chain AS hashChain`;
const resultColumns = `r.process_id AS processId, r.slot AS slot, r.message_id AS messageId, r.result AS result,
  r.error AS error, r.gas_used AS gasUsed, r.hash AS hash`;
const statementCacheSize = 200;

export function createAoReads(store: Store): AoReads {
  const db: Database = store.orm.$client;
  const prepare = statementCache(db, statementCacheSize);
  const all = <T>(label: string, sql: string, params: unknown[]): T[] =>
    store.run(label, () => prepare(sql).all(params) as T[]);

  return {
    processesByIds(ids) {
      if (ids.length === 0) return [];
      return all(
        'ao.processesByIds',
        `SELECT ${processColumns} FROM processes p WHERE p.id IN (${marks(ids.length)})`,
        [...ids],
      );
    },
    processStats(ids) {
      if (ids.length === 0) return [];
      // Each subquery is one seek on (process_id, slot); block heights never decrease along slots, so the
      // first and the latest assignment bound the process's block range.
      return all(
        'ao.processStats',
        `SELECT p.id AS processId,
           (SELECT slot FROM assignments WHERE process_id = p.id ORDER BY slot DESC LIMIT 1) AS headSlot,
           (SELECT block_height FROM assignments WHERE process_id = p.id ORDER BY slot ASC LIMIT 1) AS firstBlock,
           (SELECT block_height FROM assignments WHERE process_id = p.id ORDER BY slot DESC LIMIT 1) AS lastBlock,
           coalesce((SELECT slot FROM results WHERE process_id = p.id ORDER BY slot DESC LIMIT 1), -1)
             AS evaluatedSlot
         FROM processes p WHERE p.id IN (${marks(ids.length)})`,
        [...ids],
      );
    },
    findProcesses(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.owner !== undefined) {
        where.push('p.owner = ?');
        params.push(query.owner);
      }
      if (query.module !== undefined) {
        where.push('p.module = ?');
        params.push(query.module);
      }
      if (query.parent !== undefined) {
        where.push('p.parent = ?');
        params.push(query.parent);
      }
      if (query.afterSeq !== undefined) {
        where.push('p.item_seq > ?');
        params.push(query.afterSeq);
      }
      params.push(query.limit + 1);
      const rows = all<ProcessRecord>(
        'ao.findProcesses',
        `SELECT ${processColumns} FROM processes p ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY p.item_seq ASC LIMIT ?`,
        params,
      );
      const hasNextPage = rows.length > query.limit;
      if (hasNextPage) rows.length = query.limit;
      return { processes: rows, hasNextPage };
    },
    assignmentsOfMessages(ids) {
      if (ids.length === 0) return [];
      return all(
        'ao.assignmentsOfMessages',
        `SELECT ${assignmentColumns} FROM assignments WHERE message_id IN (${marks(ids.length)}) ORDER BY seq ASC`,
        [...ids],
      );
    },
    resultsAt(keys) {
      if (keys.length === 0) return [];
      return all(
        'ao.resultsAt',
        `SELECT ${resultColumns} FROM results r
         WHERE (r.process_id, r.slot) IN (VALUES ${Array(keys.length).fill('(?, ?)').join(', ')})`,
        keys.flatMap((k) => [k.processId, k.slot]),
      );
    },
    findResults(query) {
      const where = ['r.process_id = ?'];
      const params: unknown[] = [query.processId];
      const low = Math.max(query.fromSlot ?? 0, (query.afterSlot ?? -1) + 1);
      where.push('r.slot >= ?');
      params.push(low);
      if (query.toSlot !== undefined) {
        where.push('r.slot <= ?');
        params.push(query.toSlot);
      }
      if (query.errorsOnly === true) where.push('r.error IS NOT NULL');
      if (query.action !== undefined) {
        // The Action the process saw: the message's own, or a cron tick's Cron-Tag-Action (a tick is Type=Cron,
        // addressed to the process and signed by its scheduler: core/cron.ts isCronTickOf).
        where.push(`EXISTS (SELECT 1 FROM data_items d WHERE d.id = r.message_id AND (
          EXISTS (SELECT 1 FROM tags t WHERE t.name = 'Action' AND t.value = ? AND t.item_seq = d.seq)
          OR (d.target = r.process_id
            AND d.owner_address = (SELECT p.scheduler FROM processes p WHERE p.id = r.process_id)
            AND EXISTS (SELECT 1 FROM tags t WHERE t.name = 'Type' AND t.value = '${CRON_TICK_TYPE}' AND t.item_seq = d.seq)
            AND EXISTS (SELECT 1 FROM tags t WHERE t.name = 'Cron-Tag-Action' AND t.value = ? AND t.item_seq = d.seq))))`);
        params.push(query.action, query.action);
      }
      params.push(query.limit + 1);
      const rows = all<ResultRecord>(
        'ao.findResults',
        `SELECT ${resultColumns} FROM results r WHERE ${where.join(' AND ')} ORDER BY r.slot ASC LIMIT ?`,
        params,
      );
      const hasNextPage = rows.length > query.limit;
      if (hasNextPage) rows.length = query.limit;
      return { results: rows, hasNextPage };
    },
  };
}
