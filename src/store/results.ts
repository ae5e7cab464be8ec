import type { Database, Statement } from 'better-sqlite3';
import { AoliteError } from '../core/errors.js';
import { runQuery } from './query.js';
import type { Store } from './types.js';

/** One evaluated slot as stored (see `results` in schema.ts). */
export interface ResultRecord {
  processId: string;
  slot: number;
  messageId: string;
  /** Canonical JSON of the whole result (src/compute/result-hash.ts). */
  result: string;
  error: string | null;
  gasUsed: number;
  /** base64url SHA-256 of `result`. */
  hash: string;
}

export interface ResultPageQuery {
  /** Exclusive lower slot bound. */
  afterSlot?: number;
  /** Exclusive upper slot bound. */
  beforeSlot?: number;
  descending?: boolean;
  /** Only results without an Error (the reference `/results` lists only those). */
  withoutError?: boolean;
  limit: number;
}

/**
 * The compute unit's results table. Rows are appended per process in slot order, without gaps: `append`
 * checks that a batch starts right after the last stored slot and writes it in one transaction.
 */
export interface ResultStore {
  /** Appends consecutive results of one process in one transaction. CONFLICT if they do not follow on. */
  append(processId: string, rows: readonly ResultRecord[]): void;
  /** The highest evaluated slot of a process, or -1 when none. */
  latestSlot(processId: string): number;
  at(processId: string, slot: number): ResultRecord | undefined;
  page(processId: string, query: ResultPageQuery): ResultRecord[];
}

const columns = `process_id AS processId, slot, message_id AS messageId, result, error, gas_used AS gasUsed,
  hash`;

/** Rows one INSERT statement writes (7 values each: far below SQLite's 32,766 bound parameters). */
const INSERT_ROWS = 128;

/** Results over the store's connection, with statements prepared once. */
export function createResultStore(store: Store): ResultStore {
  return resultStoreOn(store.orm.$client, store.transaction);
}

/**
 * Results over any connection to the log database (the result writer's thread has its own);
 * `transaction` runs its function in one write transaction that takes the write lock at BEGIN.
 */
export function resultStoreOn(db: Database, transaction: <T>(fn: () => T) => T): ResultStore {
  // Multi-row INSERTs (up to INSERT_ROWS rows a statement, statements cached by row count): a batch of
  // results is a handful of statement runs instead of one per row.
  const inserts = new Map<number, Statement<unknown[]>>();
  const insertStatement = (count: number) => {
    let statement = inserts.get(count);
    if (statement === undefined) {
      statement = db.prepare(
        `INSERT INTO results (process_id, slot, message_id, result, error, gas_used, hash) VALUES ${Array(
          count,
        )
          .fill('(?, ?, ?, ?, ?, ?, ?)')
          .join(', ')}`,
      );
      inserts.set(count, statement);
    }
    return statement;
  };
  const insertRows = (processId: string, rows: readonly ResultRecord[]) => {
    for (let start = 0; start < rows.length; start += INSERT_ROWS) {
      const end = Math.min(rows.length, start + INSERT_ROWS);
      const values = new Array<unknown>((end - start) * 7);
      let v = 0;
      for (let i = start; i < end; i++) {
        const r = rows[i]!;
        values[v++] = processId;
        values[v++] = r.slot;
        values[v++] = r.messageId;
        values[v++] = r.result;
        values[v++] = r.error;
        values[v++] = r.gasUsed;
        values[v++] = r.hash;
      }
      insertStatement(end - start).run(values);
    }
  };
  const latest = db.prepare<[string], { slot: number }>(
    'SELECT slot FROM results WHERE process_id = ? ORDER BY slot DESC LIMIT 1',
  );
  const at = db.prepare<[string, number], ResultRecord>(
    `SELECT ${columns} FROM results WHERE process_id = ? AND slot = ?`,
  );
  const pages = new Map<string, Statement<[string, number, number, number], ResultRecord>>();
  const pageStatement = (descending: boolean, withoutError: boolean) => {
    const key = `${descending}:${withoutError}`;
    let statement = pages.get(key);
    if (statement === undefined) {
      statement = db.prepare(
        `SELECT ${columns} FROM results WHERE process_id = ? AND slot > ? AND slot < ?
         ${withoutError ? 'AND error IS NULL' : ''} ORDER BY slot ${descending ? 'DESC' : 'ASC'} LIMIT ?`,
      );
      pages.set(key, statement);
    }
    return statement;
  };

  const latestSlot = (processId: string): number => latest.get(processId)?.slot ?? -1;

  return {
    append(processId, rows) {
      if (rows.length === 0) return;
      transaction(() => {
        const last = latestSlot(processId);
        if (rows[0]!.slot !== last + 1) {
          throw new AoliteError(
            'CONFLICT',
            `results of ${processId} must continue at slot ${last + 1}, got ${rows[0]!.slot}`,
            { processId, slot: rows[0]!.slot },
          );
        }
        runQuery('results.append', () => insertRows(processId, rows));
      });
    },
    latestSlot: (processId) => runQuery('results.latestSlot', () => latestSlot(processId)),
    at: (processId, slot) => runQuery('results.at', () => at.get(processId, slot)),
    page(processId, query) {
      const statement = pageStatement(query.descending === true, query.withoutError === true);
      return runQuery('results.page', () =>
        statement.all(
          processId,
          query.afterSlot ?? -1,
          query.beforeSlot ?? Number.MAX_SAFE_INTEGER,
          Math.max(0, Math.trunc(query.limit)),
        ),
      );
    },
  };
}

/** Slot, hash and canonical text of one stored result: what a replay is compared with. */
export type StoredResultHash = [slot: number, hash: string, result: string];

/**
 * Reads the slot, hash and canonical text of the stored results of `fromSlot`…`toSlot` in slot order,
 * as arrays (one prepared statement, no row objects): the verification read.
 */
export function createStoredHashReader(
  store: Store,
): (processId: string, fromSlot: number, toSlot: number) => StoredResultHash[] {
  const statement = store.orm.$client
    .prepare<[string, number, number], StoredResultHash>(
      'SELECT slot, hash, result FROM results WHERE process_id = ? AND slot >= ? AND slot <= ? ORDER BY slot ASC',
    )
    .raw(true);
  return (processId, fromSlot, toSlot) =>
    runQuery('results.hashes', () => statement.all(processId, fromSlot, toSlot));
}
