import type { Statement } from 'better-sqlite3';
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

/** Results over the store's connection, with statements prepared once. */
export function createResultStore(store: Store): ResultStore {
  const db = store.orm.$client;
  // Multi-row INSERTs (up to 64 rows a statement, statements cached by row count): a batch of results is
  // a handful of statement runs instead of one per row.
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
    for (let start = 0; start < rows.length; start += 64) {
      const chunk = rows.slice(start, start + 64);
      const values: unknown[] = [];
      for (const r of chunk)
        values.push(processId, r.slot, r.messageId, r.result, r.error, r.gasUsed, r.hash);
      insertStatement(chunk.length).run(values);
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
      store.transaction(() => {
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
