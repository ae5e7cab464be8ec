/**
 * Reading and damaging stored checkpoints directly in SQLite (tests of corruption detection): a
 * checkpoint's manifest entries and the packs it uses.
 */
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import type { Store } from '../../src/store/types.js';

export interface ManifestEntry {
  /** Chunk index in the memory. */
  chunk: number;
  /** chunk_packs.seq; 0 = an all-zero chunk. */
  pack: number;
  /** Position in the pack. */
  idx: number;
}

/** The manifest of the checkpoint of `processId` at `slot`, decoded. */
export function manifestOf(store: Store, processId: string, slot: number): ManifestEntry[] {
  const row = store.orm.$client
    .prepare('SELECT manifest FROM checkpoints WHERE process_id = ? AND slot = ?')
    .get(processId, slot) as { manifest: Buffer } | undefined;
  if (row === undefined) throw new Error(`no checkpoint of ${processId} at slot ${slot}`);
  const raw = brotliDecompressSync(row.manifest);
  return Array.from({ length: raw.byteLength / 8 }, (_, chunk) => ({
    chunk,
    pack: raw.readUInt32LE(chunk * 8),
    idx: raw.readUInt32LE(chunk * 8 + 4),
  }));
}

/** The SHA-256 (hex) recorded for chunk `idx` of pack `seq`. */
export function chunkHashIn(store: Store, seq: number, idx: number): string {
  const row = store.orm.$client.prepare('SELECT hashes FROM chunk_packs WHERE seq = ?').get(seq) as {
    hashes: Buffer;
  };
  return row.hashes.subarray(idx * 32, idx * 32 + 32).toString('hex');
}

/** Replaces a pack's bytes with a valid brotli stream of as many bytes of `fill` (drops the trigger). */
export function overwritePack(store: Store, seq: number, fill: number): void {
  const db = store.orm.$client;
  const { rawLength } = db
    .prepare('SELECT raw_length AS rawLength FROM chunk_packs WHERE seq = ?')
    .get(seq) as {
    rawLength: number;
  };
  db.exec('DROP TRIGGER IF EXISTS chunk_packs_no_update');
  db.prepare('UPDATE chunk_packs SET data = ? WHERE seq = ?').run(
    brotliCompressSync(Buffer.alloc(rawLength, fill)),
    seq,
  );
}

export function countRows(store: Store, table: 'chunk_packs' | 'chunks' | 'checkpoints'): number {
  return (store.orm.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
