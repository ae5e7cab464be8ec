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

/**
 * SQL access to the chunk packs, the chunk index and the checkpoints table, over the store's connection.
 * A save runs in one transaction: it takes the next pack seq, indexes its new chunks at their future
 * place, then writes the packs and the checkpoint, so a crash leaves all of it or none.
 */
export interface CheckpointStore {
  /** The seq the next pack will get (call inside the save's transaction). */
  nextPackSeq(): number;
  /** Where the chunk whose hash starts with `prefix` (8 bytes, signed) is stored, if indexed. */
  chunkAt(prefix: bigint): ChunkLocation | undefined;
  /** Indexes a chunk unless its hash prefix is indexed already; true when a row was written. */
  indexChunk(prefix: bigint, pack: number, idx: number): boolean;
  insertPack(seq: number, pack: StoredPack): void;
  getPack(seq: number): StoredPack | undefined;
  /** The chunk hashes of a pack (no data), for confirming a prefix hit. */
  packHashes(seq: number): Buffer | undefined;
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
    chunkAt: db.prepare<[bigint], ChunkLocation>('SELECT pack, idx FROM chunks WHERE hash_prefix = ?'),
    indexChunk: db.prepare<[bigint, number, number]>(
      'INSERT OR IGNORE INTO chunks (hash_prefix, pack, idx) VALUES (?, ?, ?)',
    ),
    insertPack: db.prepare<[number, Buffer, number, Buffer, number]>(
      'INSERT INTO chunk_packs (seq, data, raw_length, hashes, chunk_size) VALUES (?, ?, ?, ?, ?)',
    ),
    getPack: db.prepare<[number], StoredPack>(
      'SELECT data, raw_length AS rawLength, hashes, chunk_size AS chunkSize FROM chunk_packs WHERE seq = ?',
    ),
    packHashes: db.prepare<[number], { hashes: Buffer }>('SELECT hashes FROM chunk_packs WHERE seq = ?'),
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

  return {
    nextPackSeq() {
      return store.run('checkpoints.nextPackSeq', () => st.nextPackSeq.get()?.next ?? 1);
    },
    chunkAt(prefix) {
      return store.run('checkpoints.chunkAt', () => st.chunkAt.get(prefix));
    },
    indexChunk(prefix, pack, idx) {
      return store.run('checkpoints.indexChunk', () => st.indexChunk.run(prefix, pack, idx).changes > 0);
    },
    insertPack(seq, p) {
      store.run('checkpoints.insertPack', () =>
        st.insertPack.run(seq, p.data, p.rawLength, p.hashes, p.chunkSize),
      );
    },
    getPack(seq) {
      return store.run('checkpoints.getPack', () => st.getPack.get(seq));
    },
    packHashes(seq) {
      return store.run('checkpoints.packHashes', () => st.packHashes.get(seq)?.hashes);
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
