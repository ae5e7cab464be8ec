import { Buffer } from 'node:buffer';
import { hash } from 'node:crypto';
import type { CheckpointStore, ChunkLocation, IndexedChunk } from '../store/checkpoint-store.js';
import {
  CHUNK_SIZE,
  chunkCount,
  compressPack,
  HASH_BYTES,
  hashPrefix,
  isZeroChunk,
  PACK_CHUNKS,
  view,
} from './checkpoint-format.js';

/** What the writer remembers of a process: the memory last saved or loaded and where its chunks are. */
export interface Remembered {
  kind: 'memory';
  memory: Buffer;
  /** [pack, index] per chunk (checkpoint-format.ts). */
  entries: Uint32Array;
  /** False when `memory` is shared (a loaded memory handed to the caller): replaced, never written. */
  owned: boolean;
}

/**
 * What a save compares the memory with, chunk by chunk, to find what changed: the remembered memory
 * (a memcmp), or, when nothing is remembered, the process's latest checkpoint by its chunk hashes (each
 * non-zero chunk hashed and compared with the hash stored with its pack). None for a first checkpoint.
 */
export type Base =
  | Remembered
  | {
      kind: 'hashes';
      entries: Uint32Array;
      /** The `hashes` column of every pack `entries` names. */
      packHashes: Map<number, Buffer>;
    };

export interface Written {
  /** [pack, index] per chunk of the memory. */
  entries: Uint32Array;
  zeroChunks: number;
  /** Chunks packed by this save: new bytes, and chunks moved out of mostly unused packs. */
  newChunks: number;
  /** Of `newChunks`, those moved (bytes stored before, in a pack this memory uses less than half of). */
  movedChunks: number;
  newPacks: number;
  /** Compressed packs plus their chunk hashes. */
  newBytes: number;
  /** Chunk indexes whose bytes differ from the base memory (all of them without one). */
  changed: number[];
}

/** A pack used for fewer than 1/MOVE_BELOW of its chunks gives them up to the save's own packs. */
const MOVE_BELOW = 4;

/** The chunks a save packs, in order: pack `firstSeq + ⌊i / PACK_CHUNKS⌋`, index `i % PACK_CHUNKS`. */
interface Packing {
  firstSeq: number;
  chunks: Buffer[];
  hashes: Buffer[];
}

function place(
  packing: Packing,
  entries: Uint32Array,
  chunk: number,
  bytes: Buffer,
  chunkHash: Buffer,
): number {
  const at = packing.chunks.length;
  packing.chunks.push(bytes);
  packing.hashes.push(chunkHash);
  entries[chunk * 2] = packing.firstSeq + Math.floor(at / PACK_CHUNKS);
  entries[chunk * 2 + 1] = at % PACK_CHUNKS;
  return at;
}

function hashIn(hashes: Buffer | undefined, idx: number): Buffer | undefined {
  const offset = idx * HASH_BYTES;
  if (hashes === undefined || offset + HASH_BYTES > hashes.byteLength) return undefined;
  return hashes.subarray(offset, offset + HASH_BYTES);
}

/** A save's comparison of the memory with its base, filled chunk by chunk (`compareChunks`). */
export interface Comparison {
  /** Chunks in the memory. */
  count: number;
  /** The next chunk to compare. */
  next: number;
  /** [pack, index] per chunk: kept from the base or zero so far; changed chunks are placed by `planPacks`. */
  entries: Uint32Array;
  zeroChunks: number;
  /** Chunk indexes whose bytes differ from the base memory (all of them without one). */
  changed: number[];
  /** Changed non-zero chunks, with their hashes. */
  candidates: number[];
  hashes: Buffer[];
}

export function startComparison(memory: Uint8Array): Comparison {
  const count = chunkCount(memory.byteLength, CHUNK_SIZE);
  return {
    count,
    next: 0,
    entries: new Uint32Array(count * 2),
    zeroChunks: 0,
    changed: [],
    candidates: [],
    hashes: [],
  };
}

/**
 * Compares the chunks from `comparison.next` up to `until` with the base: a chunk equal to the base's keeps
 * its entry (a memcmp, or a hash compare for a hash base), an all-zero chunk gets pack 0, any other is
 * hashed and left for `planPacks`. Called once for the whole memory, or slice by slice.
 */
export function compareChunks(
  comparison: Comparison,
  memory: Uint8Array,
  base: Base | undefined,
  until: number,
): void {
  const { entries, changed, candidates, hashes } = comparison;
  const bytes = view(memory, 0, memory.byteLength);
  const comparable = base === undefined ? 0 : Math.min(base.entries.length / 2, comparison.count);
  const keep = (chunk: number) => {
    const pack = base!.entries[chunk * 2]!;
    entries[chunk * 2] = pack;
    entries[chunk * 2 + 1] = base!.entries[chunk * 2 + 1]!;
    if (pack === 0) comparison.zeroChunks++;
  };
  const last = Math.min(until, comparison.count);
  for (let chunk = comparison.next; chunk < last; chunk++) {
    const start = chunk * CHUNK_SIZE;
    const end = Math.min(start + CHUNK_SIZE, memory.byteLength);
    if (base?.kind === 'memory' && chunk < comparable && end <= base.memory.byteLength) {
      if (bytes.compare(base.memory, start, end, start, end) === 0) {
        keep(chunk);
        continue;
      }
    }
    const chunkView = bytes.subarray(start, end);
    if (isZeroChunk(chunkView)) {
      if (chunk < comparable && base!.entries[chunk * 2] === 0) keep(chunk);
      else {
        changed.push(chunk);
        comparison.zeroChunks++;
      }
      continue;
    }
    const chunkHash = hash('sha256', chunkView, 'buffer');
    if (base?.kind === 'hashes' && chunk < comparable) {
      const pack = base.entries[chunk * 2]!;
      if (pack !== 0 && hashIn(base.packHashes.get(pack), base.entries[chunk * 2 + 1]!)?.equals(chunkHash)) {
        keep(chunk);
        continue;
      }
    }
    changed.push(chunk);
    candidates.push(chunk);
    hashes.push(chunkHash);
  }
  comparison.next = Math.max(comparison.next, last);
}

/** Where a compared memory's changed chunks go: the new packs' contents, numbered from `firstSeq`. */
export interface PackPlan {
  entries: Uint32Array;
  zeroChunks: number;
  changed: number[];
  /** Of the packed chunks, those moved out of a sparsely used older pack. */
  movedChunks: number;
  /** Seq the first new pack is numbered with in `entries` (`renumberPacks` changes it). */
  firstSeq: number;
  /** Chunk bytes to pack, in order: pack `firstSeq + ⌊i / PACK_CHUNKS⌋`, index `i % PACK_CHUNKS`. */
  chunks: Buffer[];
  hashes: Buffer[];
  /** Chunk index rows to add (a process's first checkpoint only). */
  toIndex: IndexedChunk[];
}

/**
 * Places the changed chunks of a finished comparison (reads only; call inside the save's transaction when
 * `firstSeq` is taken there):
 * - without a base (a process's first checkpoint), a chunk is looked up in the chunk index by hash prefix
 *   (confirmed against the full hash stored with its pack): found, it points there, else it is packed and
 *   indexed. A process's later checkpoints pack their changed chunks without looking them up or indexing
 *   them: what changes between two checkpoints is the process's own churn, shared with nobody, and every
 *   index row is a random B-tree write;
 * - a chunk repeated within the save is packed once;
 * - then the chunks still used from an older pack that this memory uses for less than a quarter of its
 *   chunks are packed again, so a restore decompresses little more than it uses.
 */
export function planPacks(
  sql: CheckpointStore,
  memory: Uint8Array,
  base: Base | undefined,
  comparison: Comparison,
  firstSeq: number,
): PackPlan {
  if (comparison.next < comparison.count) throw new Error('planPacks: the comparison is not finished');
  const { entries, candidates, hashes } = comparison;
  const bytes = view(memory, 0, memory.byteLength);
  const chunkBytes = (chunk: number) =>
    bytes.subarray(chunk * CHUNK_SIZE, Math.min((chunk + 1) * CHUNK_SIZE, memory.byteLength));
  const lookUp = base === undefined;
  const prefixes = lookUp ? hashes.map(hashPrefix) : [];
  const found = lookUp ? sql.findChunks(prefixes) : new Map<bigint, ChunkLocation>();
  const foundHashes = sql.packHashes([...new Set([...found.values()].map((at) => at.pack))]);
  const packing: Packing = { firstSeq, chunks: [], hashes: [] };
  const packed = new Map<string, number>();
  const toIndex: IndexedChunk[] = [];
  candidates.forEach((chunk, i) => {
    const chunkHash = hashes[i]!;
    if (lookUp) {
      const stored = found.get(prefixes[i]!);
      if (stored !== undefined && hashIn(foundHashes.get(stored.pack), stored.idx)?.equals(chunkHash)) {
        entries[chunk * 2] = stored.pack;
        entries[chunk * 2 + 1] = stored.idx;
        return;
      }
    }
    const key = chunkHash.toString('base64');
    const earlier = packed.get(key);
    if (earlier !== undefined) {
      entries[chunk * 2] = packing.firstSeq + Math.floor(earlier / PACK_CHUNKS);
      entries[chunk * 2 + 1] = earlier % PACK_CHUNKS;
      return;
    }
    const at = place(packing, entries, chunk, chunkBytes(chunk), chunkHash);
    packed.set(key, at);
    // A prefix indexed for other bytes keeps its row: this chunk is reachable by its manifest entry only.
    if (lookUp && !found.has(prefixes[i]!)) {
      toIndex.push({ prefix: prefixes[i]!, pack: entries[chunk * 2]!, idx: entries[chunk * 2 + 1]! });
    }
  });
  const movedChunks = moveFromSparsePacks(sql, entries, packing, chunkBytes);
  return {
    entries,
    zeroChunks: comparison.zeroChunks,
    changed: comparison.changed,
    movedChunks,
    firstSeq,
    chunks: packing.chunks,
    hashes: packing.hashes,
    toIndex,
  };
}

/** Number of packs a plan writes. */
export function packCount(plan: PackPlan): number {
  return Math.ceil(plan.chunks.length / PACK_CHUNKS);
}

/** The uncompressed bytes and chunk hashes of the plan's `i`-th pack (copies: the memory may change later). */
export function packContents(plan: PackPlan, i: number): { raw: Buffer; hashes: Buffer } {
  const from = i * PACK_CHUNKS;
  return {
    raw: Buffer.concat(plan.chunks.slice(from, from + PACK_CHUNKS)),
    hashes: Buffer.concat(plan.hashes.slice(from, from + PACK_CHUNKS)),
  };
}

/**
 * Gives the plan's new packs the seqs they were stored under (`seqs[i]` for pack i): the entries and index
 * rows naming `firstSeq + i` are changed. Every older pack has a seq below `firstSeq`.
 */
export function renumberPacks(plan: PackPlan, seqs: readonly number[]): void {
  const renumber = (pack: number) =>
    pack >= plan.firstSeq && pack < plan.firstSeq + seqs.length ? seqs[pack - plan.firstSeq]! : pack;
  for (let i = 0; i < plan.entries.length; i += 2) plan.entries[i] = renumber(plan.entries[i]!);
  for (const row of plan.toIndex) row.pack = renumber(row.pack);
}

/**
 * Writes a plan's index rows and compressed packs under the seqs it was planned with (call inside a
 * transaction, in the same turn as `planPacks`, so those seqs are still free).
 */
export function writePacks(sql: CheckpointStore, plan: PackPlan, quality: number): Written {
  sql.indexChunks(plan.toIndex);
  let newBytes = 0;
  const packs = packCount(plan);
  for (let i = 0; i < packs; i++) {
    const { raw, hashes } = packContents(plan, i);
    const data = compressPack(raw, quality);
    sql.insertPack(plan.firstSeq + i, { data, rawLength: raw.byteLength, hashes, chunkSize: CHUNK_SIZE });
    newBytes += data.byteLength + hashes.byteLength;
  }
  return written(plan, packs, newBytes);
}

/** What a save wrote, from its plan. */
export function written(plan: PackPlan, newPacks: number, newBytes: number): Written {
  return {
    entries: plan.entries,
    zeroChunks: plan.zeroChunks,
    newChunks: plan.chunks.length,
    movedChunks: plan.movedChunks,
    newPacks,
    newBytes,
    changed: plan.changed,
  };
}

/** Packs again the chunks used from older packs that the memory uses for less than a quarter; their count. */
function moveFromSparsePacks(
  sql: CheckpointStore,
  entries: Uint32Array,
  packing: Packing,
  chunkBytes: (chunk: number) => Buffer,
): number {
  const users = new Map<number, number[]>();
  for (let chunk = 0; chunk < entries.length / 2; chunk++) {
    const pack = entries[chunk * 2]!;
    if (pack === 0 || pack >= packing.firstSeq) continue;
    const list = users.get(pack);
    if (list === undefined) users.set(pack, [chunk]);
    else list.push(chunk);
  }
  const packHashes = sql.packHashes([...users.keys()]);
  let moved = 0;
  for (const [pack, chunks] of users) {
    const hashes = packHashes.get(pack);
    // A missing pack is not this save's to repair: the memory hash check on load reports it.
    if (hashes === undefined || chunks.length * MOVE_BELOW * HASH_BYTES >= hashes.byteLength) continue;
    for (const chunk of chunks) {
      // The bytes equal the base's (that is how the entry was kept), so the stored hash is theirs.
      const chunkHash = hashIn(hashes, entries[chunk * 2 + 1]!);
      if (chunkHash === undefined) continue;
      place(packing, entries, chunk, chunkBytes(chunk), Buffer.from(chunkHash));
      moved++;
    }
  }
  return moved;
}
