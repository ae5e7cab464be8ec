import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from './types.js';

/** A row of `chunk_packs`: the chunks first stored by one save, compressed as one stream. */
export interface StoredPack {
  /** brotli of the chunks concatenated. */
  data: Buffer;
  /** Uncompressed length. */
  rawLength: number;
  /** 32 bytes per chunk: its SHA-256. */
  hashes: Buffer;
  /** Bytes per chunk (the last one may be shorter). */
  chunkSize: number;
}

export type CheckpointReason = 'interval' | 'eviction' | 'shutdown' | 'manual';

/** A row of `checkpoints` (see schema.ts for the manifest layout). */
export interface CheckpointRecord {
  processId: string;
  slot: number;
  hashChain: string;
  memoryHash: string;
  memoryLength: number;
  /** Bytes per chunk of the memory. */
  chunkSize: number;
  /** brotli of 8 bytes per chunk: pack seq (u32 LE, 0 = all-zero chunk), index in the pack (u32 LE). */
  manifest: Buffer;
  resultHash: string | null;
  createdAt: number;
  reason: CheckpointReason;
}

/** A checkpoint without its manifest (listings). */
export type CheckpointSummary = Omit<CheckpointRecord, 'manifest'>;

/** Where an indexed chunk is stored. */
export interface ChunkLocation {
  pack: number;
  idx: number;
}

export interface IndexedChunk extends ChunkLocation {
  /** First 8 bytes of the chunk's SHA-256, signed. */
  prefix: bigint;
}

/** Parameters per statement of the IN-list and multi-row statements (statements cached by count). */
const BATCH = 64;

/**
 * SQL access to the chunk packs, the chunk index and the checkpoints table, over the store's connection.
 * A save runs in one transaction: it takes the next pack seq, indexes its new chunks at their future
 * place, then writes the packs and the checkpoint, so a crash leaves all of it or none.
 */
export interface CheckpointStore {
  /** The seq the next pack will get (call inside the save's transaction). */
  nextPackSeq(): number;
  /** Where the chunks whose hashes start with these prefixes (8 bytes, signed) are stored, if indexed. */
  findChunks(prefixes: readonly bigint[]): Map<bigint, ChunkLocation>;
  /** Indexes chunks; a prefix indexed already keeps its first location. */
  indexChunks(rows: readonly IndexedChunk[]): void;
  insertPack(seq: number, pack: StoredPack): void;
  getPack(seq: number): StoredPack | undefined;
  /** The chunk hashes of packs (no data), by seq; a missing pack is left out. */
  packHashes(seqs: readonly number[]): Map<number, Buffer>;
  /** CONFLICT if (process, slot) already has a checkpoint. */
  insertCheckpoint(record: CheckpointRecord): void;
  /** The checkpoint of the process with the highest slot ≤ `slot` (one index seek). */
  latestAtOrBelow(processId: string, slot: number): CheckpointRecord | undefined;
  getCheckpoint(processId: string, slot: number): CheckpointRecord | undefined;
  /** The highest checkpointed slot of a process, or undefined. */
  latestSlot(processId: string): number | undefined;
  /** Every checkpoint of a process in slot order, without manifests. */
  listCheckpoints(processId: string): CheckpointSummary[];
}

const summaryColumns = `process_id AS processId, slot, hash_chain AS hashChain, memory_hash AS memoryHash,
  memory_length AS memoryLength, chunk_size AS chunkSize, result_hash AS resultHash,
  created_at AS createdAt, reason`;
const recordColumns = `${summaryColumns}, manifest`;

export function createCheckpointStore(store: Store): CheckpointStore {
  const db = store.orm.$client;
  const st = {
    nextPackSeq: db.prepare<[], { next: number }>(
      'SELECT coalesce(max(seq), 0) + 1 AS next FROM chunk_packs',
    ),
    insertPack: db.prepare<[number, Buffer, number, Buffer, number]>(
      'INSERT INTO chunk_packs (seq, data, raw_length, hashes, chunk_size) VALUES (?, ?, ?, ?, ?)',
    ),
    getPack: db.prepare<[number], StoredPack>(
      'SELECT data, raw_length AS rawLength, hashes, chunk_size AS chunkSize FROM chunk_packs WHERE seq = ?',
    ),
    insertCheckpoint: db.prepare<
      [string, number, string, string, number, number, Buffer, string | null, number, string]
    >(
      `INSERT INTO checkpoints (process_id, slot, hash_chain, memory_hash, memory_length, chunk_size,
        manifest, result_hash, created_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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

  const batched = new Map<string, BetterSqlite3.Statement<unknown[]>>();
  /** A statement for `count` items, made once: `sql(count)` builds its text. */
  const statementFor = (name: string, count: number, sql: (count: number) => string, safe: boolean) => {
    const key = `${name}:${count}`;
    let statement = batched.get(key);
    if (statement === undefined) {
      statement = db.prepare<unknown[]>(sql(count));
      if (safe) statement.safeIntegers(true);
      batched.set(key, statement);
    }
    return statement;
  };
  const marks = (count: number, mark: string) => Array(count).fill(mark).join(', ');

  return {
    findChunks(prefixes) {
      return store.run('checkpoints.findChunks', () => {
        const found = new Map<bigint, ChunkLocation>();
        for (let from = 0; from < prefixes.length; from += BATCH) {
          const part = prefixes.slice(from, from + BATCH);
          const statement = statementFor(
            'find',
            part.length,
            (n) =>
              `SELECT hash_prefix AS prefix, pack, idx FROM chunks WHERE hash_prefix IN (${marks(n, '?')})`,
            true,
          );
          for (const row of statement.all(...part) as { prefix: bigint; pack: bigint; idx: bigint }[]) {
            found.set(row.prefix, { pack: Number(row.pack), idx: Number(row.idx) });
          }
        }
        return found;
      });
    },
    indexChunks(rows) {
      store.run('checkpoints.indexChunks', () => {
        for (let from = 0; from < rows.length; from += BATCH) {
          const part = rows.slice(from, from + BATCH);
          const statement = statementFor(
            'index',
            part.length,
            (n) => `INSERT OR IGNORE INTO chunks (hash_prefix, pack, idx) VALUES ${marks(n, '(?, ?, ?)')}`,
            false,
          );
          statement.run(...part.flatMap((r) => [r.prefix, r.pack, r.idx]));
        }
      });
    },
    packHashes(seqs) {
      return store.run('checkpoints.packHashes', () => {
        const found = new Map<number, Buffer>();
        for (let from = 0; from < seqs.length; from += BATCH) {
          const part = seqs.slice(from, from + BATCH);
          const statement = statementFor(
            'hashes',
            part.length,
            (n) => `SELECT seq, hashes FROM chunk_packs WHERE seq IN (${marks(n, '?')})`,
            false,
          );
          for (const row of statement.all(...part) as { seq: number; hashes: Buffer }[]) {
            found.set(row.seq, row.hashes);
          }
        }
        return found;
      });
    },
    nextPackSeq() {
      return store.run('checkpoints.nextPackSeq', () => st.nextPackSeq.get()?.next ?? 1);
    },
    insertPack(seq, p) {
      store.run('checkpoints.insertPack', () =>
        st.insertPack.run(seq, p.data, p.rawLength, p.hashes, p.chunkSize),
      );
    },
    getPack(seq) {
      return store.run('checkpoints.getPack', () => st.getPack.get(seq));
    },
    insertCheckpoint(r) {
      store.run('checkpoints.insertCheckpoint', () =>
        st.insertCheckpoint.run(
          r.processId,
          r.slot,
          r.hashChain,
          r.memoryHash,
          r.memoryLength,
          r.chunkSize,
          r.manifest,
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
