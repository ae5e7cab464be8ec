import type { Store } from './types.js';

/** A row of `pages`: one content-addressed memory page. */
export interface StoredPage {
  /** brotli-compressed page. */
  data: Buffer;
  /** Uncompressed length. */
  rawLength: number;
}

export type CheckpointReason = 'interval' | 'eviction' | 'shutdown' | 'manual';

/** A row of `checkpoints` (see schema.ts for the page table layout). */
export interface CheckpointRecord {
  processId: string;
  slot: number;
  hashChain: string;
  memoryHash: string;
  memoryLength: number;
  /** 32 bytes per page: its SHA-256, or 32 zero bytes for an all-zero page. */
  pageTable: Buffer;
  resultHash: string | null;
  createdAt: number;
  reason: CheckpointReason;
}

/** A checkpoint without its page table (listings). */
export type CheckpointSummary = Omit<CheckpointRecord, 'pageTable'>;

/**
 * SQL access to the page store and the checkpoints table, over the store's connection. Pages are
 * inserted with INSERT OR IGNORE: a page already stored (same hash, so same bytes) costs nothing.
 */
export interface CheckpointStore {
  /** Which of these page hashes are not stored yet. */
  missingPages(hashes: readonly Buffer[]): Buffer[];
  /** Stores a page unless one with this hash exists; true when a row was written. */
  insertPage(hash: Buffer, data: Buffer, rawLength: number): boolean;
  getPage(hash: Buffer): StoredPage | undefined;
  /** CONFLICT if (process, slot) already has a checkpoint. */
  insertCheckpoint(record: CheckpointRecord): void;
  /** The checkpoint of the process with the highest slot ≤ `slot` (one index seek). */
  latestAtOrBelow(processId: string, slot: number): CheckpointRecord | undefined;
  getCheckpoint(processId: string, slot: number): CheckpointRecord | undefined;
  /** The highest checkpointed slot of a process, or undefined. */
  latestSlot(processId: string): number | undefined;
  /** Every checkpoint of a process in slot order, without page tables. */
  listCheckpoints(processId: string): CheckpointSummary[];
}

const summaryColumns = `process_id AS processId, slot, hash_chain AS hashChain, memory_hash AS memoryHash,
  memory_length AS memoryLength, result_hash AS resultHash, created_at AS createdAt, reason`;
const recordColumns = `${summaryColumns}, page_table AS pageTable`;

export function createCheckpointStore(store: Store): CheckpointStore {
  const db = store.orm.$client;
  const st = {
    hasPage: db.prepare<[Buffer], { one: number }>('SELECT 1 AS one FROM pages WHERE hash = ?'),
    insertPage: db.prepare<[Buffer, Buffer, number]>(
      'INSERT OR IGNORE INTO pages (hash, data, raw_length) VALUES (?, ?, ?)',
    ),
    getPage: db.prepare<[Buffer], StoredPage>(
      'SELECT data, raw_length AS rawLength FROM pages WHERE hash = ?',
    ),
    insertCheckpoint: db.prepare<
      [string, number, string, string, number, Buffer, string | null, number, string]
    >(
      `INSERT INTO checkpoints (process_id, slot, hash_chain, memory_hash, memory_length, page_table,
        result_hash, created_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    latestAtOrBelow: db.prepare<[string, number], CheckpointRecord>(
      `SELECT ${recordColumns} FROM checkpoints WHERE process_id = ? AND slot <= ?
       ORDER BY slot DESC LIMIT 1`,
    ),
    getCheckpoint: db.prepare<[string, number], CheckpointRecord>(
      `SELECT ${recordColumns} FROM checkpoints WHERE process_id = ? AND slot = ?`,
    ),
    latestSlot: db.prepare<[string], { slot: number }>(
      'SELECT slot FROM checkpoints WHERE process_id = ? ORDER BY slot DESC LIMIT 1',
    ),
    listCheckpoints: db.prepare<[string], CheckpointSummary>(
      `SELECT ${summaryColumns} FROM checkpoints WHERE process_id = ? ORDER BY slot ASC`,
    ),
  };

  return {
    missingPages(hashes) {
      return store.run('checkpoints.missingPages', () =>
        hashes.filter((hash) => st.hasPage.get(hash) === undefined),
      );
    },
    insertPage(hash, data, rawLength) {
      return store.run('checkpoints.insertPage', () => st.insertPage.run(hash, data, rawLength).changes > 0);
    },
    getPage(hash) {
      return store.run('checkpoints.getPage', () => st.getPage.get(hash));
    },
    insertCheckpoint(r) {
      store.run('checkpoints.insertCheckpoint', () =>
        st.insertCheckpoint.run(
          r.processId,
          r.slot,
          r.hashChain,
          r.memoryHash,
          r.memoryLength,
          r.pageTable,
          r.resultHash,
          r.createdAt,
          r.reason,
        ),
      );
    },
    latestAtOrBelow(processId, slot) {
      return store.run('checkpoints.latestAtOrBelow', () => st.latestAtOrBelow.get(processId, slot));
    },
    getCheckpoint(processId, slot) {
      return store.run('checkpoints.getCheckpoint', () => st.getCheckpoint.get(processId, slot));
    },
    latestSlot(processId) {
      return store.run('checkpoints.latestSlot', () => st.latestSlot.get(processId)?.slot);
    },
    listCheckpoints(processId) {
      return store.run('checkpoints.listCheckpoints', () => st.listCheckpoints.all(processId));
    },
  };
}
