import { Buffer } from 'node:buffer';
import { hash } from 'node:crypto';
import { AoliteError, isAoliteError } from '../core/errors.js';
import { hashMemory, usedLength } from '../runtime/memory.js';
import {
  type CheckpointReason,
  type CheckpointRecord,
  type CheckpointStore,
  type CheckpointSummary,
  createCheckpointStore,
} from '../store/checkpoint-store.js';
import type { Store } from '../store/types.js';
import {
  CHUNK_SIZE,
  chunkCount,
  compressPack,
  decodeManifest,
  encodeManifest,
  HASH_BYTES,
  hashPrefix,
  isZeroChunk,
  PACK_CHUNKS,
  view,
} from './checkpoint-format.js';
import { reassemble } from './checkpoint-reader.js';

/**
 * Checkpoints: a process's memory at a slot, kept as content-addressed 4 KiB chunks (zero chunks not
 * stored; a chunk shared by checkpoints and processes stored once), the chunks new to a save compressed
 * together in packs, and per checkpoint a manifest naming each chunk's pack and position
 * (checkpoint-format.ts, schema.ts).
 *
 * Saving costs only what changed: the writer remembers the last memory it saved or loaded per process (a
 * bounded cache) with its manifest, so an unchanged chunk is found with a memcmp and keeps its place; a
 * changed chunk is hashed and looked up in the chunk index, and packed only when no checkpoint stored
 * those bytes before. Loading decompresses each pack the manifest names once and checks the memory hash.
 */
export interface Checkpoints {
  save(input: SaveCheckpointInput): SavedCheckpoint;
  /**
   * The checkpoint with the highest slot ≤ `atOrBelowSlot`, memory reassembled and checked against its
   * memory hash. CORRUPT naming the slot (and the chunk and pack at fault) when the stored bytes are
   * missing, undecodable or do not hash to what was saved. The memory must not be modified.
   */
  load(processId: string, atOrBelowSlot: number): LoadedCheckpoint | undefined;
  /** Like `load`, but a corrupt checkpoint is reported to `onCorrupt` and the next older one is tried. */
  loadUsable(
    processId: string,
    atOrBelowSlot: number,
    onCorrupt?: (error: AoliteError) => void,
  ): LoadedCheckpoint | undefined;
  list(processId: string): CheckpointSummary[];
  /** The highest checkpointed slot of a process (no pages read), or undefined. */
  latestSlot(processId: string): number | undefined;
  /** The seam the evaluation loop restores from instead of replaying from genesis. */
  readonly stateSource: StateSource;
}

/** Where the compute unit gets a starting state at or below a slot (undefined: start from genesis). */
export interface StateSource {
  latestAtOrBelow(processId: string, slot: number): { slot: number; memory: Uint8Array } | undefined;
}

export interface SaveCheckpointInput {
  processId: string;
  /** The memory is the state after evaluating this slot. */
  slot: number;
  /** Hash chain of the slot's assignment. */
  hashChain: string;
  memory: Uint8Array;
  reason: CheckpointReason;
  resultHash?: string | null;
  /** The memory's hash when the caller already has it (saves one pass over the memory). */
  memoryHash?: string;
}

export interface SavedCheckpoint {
  slot: number;
  memoryHash: string;
  /** Chunks of the memory, zero chunks included. */
  chunks: number;
  zeroChunks: number;
  /** Chunks written by this save (not stored by any earlier checkpoint). */
  newChunks: number;
  /** Packs written by this save. */
  newPacks: number;
  /** Bytes of blobs written by this save: compressed packs, their chunk hashes, the manifest. */
  newBytes: number;
  /** False when the same checkpoint was already stored (nothing written). */
  created: boolean;
}

export interface LoadedCheckpoint {
  processId: string;
  slot: number;
  hashChain: string;
  memoryHash: string;
  resultHash: string | null;
  reason: CheckpointReason;
  memory: Uint8Array;
}

export interface CheckpointsDeps {
  store: Store;
  /** ms; only stamps `created_at`, never feeds evaluation. */
  clock: () => number;
  /** Processes whose last saved or loaded memory is remembered for memcmp of unchanged chunks (default 16). */
  writerCacheSize?: number;
  /**
   * A corrupt checkpoint the state source passed over (it then restores an older one or replays from
   * genesis). Default console.error.
   */
  onCorrupt?: (error: AoliteError) => void;
  /** Brotli quality of new packs, 0–11 (default 1; see bench/checkpoints.ts). */
  compressionQuality?: number;
}

/** What the writer remembers of a process: the memory last saved or loaded and where its chunks are. */
interface Remembered {
  memory: Buffer;
  /** [pack, index] per chunk (checkpoint-format.ts). */
  entries: Uint32Array;
  /** False when `memory` is shared (a loaded memory handed to the caller): replaced, never written. */
  owned: boolean;
}

/** Chunks new to one save, packed in order into packs `firstSeq`, `firstSeq + 1`, … */
interface Packing {
  firstSeq: number;
  chunks: Buffer[];
  hashes: Buffer[];
}

interface Written {
  entries: Uint32Array;
  zeroChunks: number;
  newChunks: number;
  newPacks: number;
  newBytes: number;
  /** Chunk indexes whose bytes differ from the remembered memory. */
  changed: number[];
}

export function createCheckpoints(deps: CheckpointsDeps): Checkpoints {
  const { store, clock } = deps;
  const sql: CheckpointStore = createCheckpointStore(store);
  const cacheSize = deps.writerCacheSize ?? 16;
  const quality = deps.compressionQuality ?? 1;
  const remembered = new Map<string, Remembered>();
  const onCorrupt =
    deps.onCorrupt ??
    ((error: AoliteError) => console.error(`aolite: skipping a checkpoint: ${error.message}`));

  function remember(processId: string, entry: Remembered): void {
    remembered.delete(processId);
    if (cacheSize <= 0) return;
    remembered.set(processId, entry);
    while (remembered.size > cacheSize) {
      const oldest = remembered.keys().next().value;
      if (oldest === undefined) break;
      remembered.delete(oldest);
    }
  }

  /** Whether the stored chunk at `pack`/`idx` has SHA-256 `chunkHash` (a prefix hit, confirmed). */
  function storedHashIs(pack: number, idx: number, chunkHash: Buffer, packing: Packing): boolean {
    const pending = pack - packing.firstSeq;
    if (pending >= 0) {
      const at = pending * PACK_CHUNKS + idx;
      return at < packing.hashes.length && packing.hashes[at]!.equals(chunkHash);
    }
    const hashes = sql.packHashes(pack);
    if (hashes === undefined) return false;
    const offset = idx * HASH_BYTES;
    return (
      offset + HASH_BYTES <= hashes.byteLength &&
      hashes.subarray(offset, offset + HASH_BYTES).equals(chunkHash)
    );
  }

  /**
   * Places every chunk of `memory` (inside the save's transaction): an unchanged one keeps its entry, a
   * zero one gets pack 0, a changed one is found by hash or packed anew; then writes the packs.
   */
  function writeChunks(memory: Uint8Array, previous: Remembered | undefined): Written {
    const count = chunkCount(memory.byteLength, CHUNK_SIZE);
    const entries = new Uint32Array(count * 2);
    const packing: Packing = { firstSeq: sql.nextPackSeq(), chunks: [], hashes: [] };
    const changed: number[] = [];
    let zeroChunks = 0;
    const before = previous?.memory;
    for (let chunk = 0; chunk < count; chunk++) {
      const start = chunk * CHUNK_SIZE;
      const end = Math.min(start + CHUNK_SIZE, memory.byteLength);
      const bytes = view(memory, start, end);
      if (before !== undefined && chunk * 2 < previous!.entries.length && end <= before.byteLength) {
        if (bytes.equals(before.subarray(start, end))) {
          entries[chunk * 2] = previous!.entries[chunk * 2]!;
          entries[chunk * 2 + 1] = previous!.entries[chunk * 2 + 1]!;
          if (entries[chunk * 2] === 0) zeroChunks++;
          continue;
        }
      }
      changed.push(chunk);
      if (isZeroChunk(bytes)) {
        zeroChunks++;
        continue;
      }
      const chunkHash = hash('sha256', bytes, 'buffer');
      const prefix = hashPrefix(chunkHash);
      const at = packing.chunks.length;
      const seq = packing.firstSeq + Math.floor(at / PACK_CHUNKS);
      const idx = at % PACK_CHUNKS;
      if (!sql.indexChunk(prefix, seq, idx)) {
        const found = sql.chunkAt(prefix);
        if (found !== undefined && storedHashIs(found.pack, found.idx, chunkHash, packing)) {
          entries[chunk * 2] = found.pack;
          entries[chunk * 2 + 1] = found.idx;
          continue;
        }
        // Another chunk has this hash prefix: store this one too, reachable by its manifest entry only.
      }
      packing.chunks.push(bytes);
      packing.hashes.push(chunkHash);
      entries[chunk * 2] = seq;
      entries[chunk * 2 + 1] = idx;
    }
    let newBytes = 0;
    let newPacks = 0;
    for (let from = 0; from < packing.chunks.length; from += PACK_CHUNKS) {
      const raw = Buffer.concat(packing.chunks.slice(from, from + PACK_CHUNKS));
      const hashes = Buffer.concat(packing.hashes.slice(from, from + PACK_CHUNKS));
      const data = compressPack(raw, quality);
      sql.insertPack(packing.firstSeq + newPacks, {
        data,
        rawLength: raw.byteLength,
        hashes,
        chunkSize: CHUNK_SIZE,
      });
      newPacks++;
      newBytes += data.byteLength + hashes.byteLength;
    }
    return { entries, zeroChunks, newChunks: packing.chunks.length, newPacks, newBytes, changed };
  }

  function save(input: SaveCheckpointInput): SavedCheckpoint {
    const memory = input.memory.subarray(0, Math.min(usedLength(input.memory), input.memory.byteLength));
    const memoryHash = input.memoryHash ?? hashMemory(memory);
    const existing = sql.getCheckpoint(input.processId, input.slot);
    if (existing !== undefined) {
      if (existing.memoryHash !== memoryHash) {
        throw new AoliteError(
          'INTERNAL',
          `process ${input.processId} slot ${input.slot}: memory hash ${memoryHash} differs from the checkpoint already stored (${existing.memoryHash}); evaluation is not deterministic`,
          { processId: input.processId, slot: input.slot },
        );
      }
      const count = chunkCount(existing.memoryLength, existing.chunkSize);
      const entries = decodeManifest(existing.manifest, count);
      return {
        slot: input.slot,
        memoryHash,
        chunks: count,
        zeroChunks: entries === undefined ? 0 : countZeroEntries(entries),
        newChunks: 0,
        newPacks: 0,
        newBytes: 0,
        created: false,
      };
    }
    const previous = remembered.get(input.processId);
    const written = store.transaction(() => {
      const chunks = writeChunks(memory, previous);
      const manifest = encodeManifest(chunks.entries);
      sql.insertCheckpoint({
        processId: input.processId,
        slot: input.slot,
        hashChain: input.hashChain,
        memoryHash,
        memoryLength: memory.byteLength,
        chunkSize: CHUNK_SIZE,
        manifest,
        resultHash: input.resultHash ?? null,
        createdAt: clock(),
        reason: input.reason,
      });
      return { ...chunks, newBytes: chunks.newBytes + manifest.byteLength };
    });
    remember(input.processId, nextRemembered(previous, memory, written));
    return {
      slot: input.slot,
      memoryHash,
      chunks: written.entries.length / 2,
      zeroChunks: written.zeroChunks,
      newChunks: written.newChunks,
      newPacks: written.newPacks,
      newBytes: written.newBytes,
      created: true,
    };
  }

  function toLoaded(record: CheckpointRecord): LoadedCheckpoint {
    const { memory, entries } = reassemble(sql, record);
    remember(record.processId, { memory, entries, owned: false });
    return {
      processId: record.processId,
      slot: record.slot,
      hashChain: record.hashChain,
      memoryHash: record.memoryHash,
      resultHash: record.resultHash,
      reason: record.reason,
      memory,
    };
  }

  function load(processId: string, atOrBelowSlot: number): LoadedCheckpoint | undefined {
    const record = sql.latestAtOrBelow(processId, atOrBelowSlot);
    return record === undefined ? undefined : toLoaded(record);
  }

  function loadUsable(
    processId: string,
    atOrBelowSlot: number,
    onCorrupt?: (error: AoliteError) => void,
  ): LoadedCheckpoint | undefined {
    let below = atOrBelowSlot;
    while (below >= 0) {
      const record = sql.latestAtOrBelow(processId, below);
      if (record === undefined) return undefined;
      try {
        return toLoaded(record);
      } catch (error) {
        if (!isAoliteError(error) || error.code !== 'CORRUPT') throw error;
        onCorrupt?.(error);
        below = record.slot - 1;
      }
    }
    return undefined;
  }

  return {
    save,
    load,
    loadUsable,
    list: (processId) => sql.listCheckpoints(processId),
    latestSlot: (processId) => sql.latestSlot(processId),
    stateSource: {
      latestAtOrBelow(processId, slot) {
        const loaded = loadUsable(processId, slot, onCorrupt);
        return loaded === undefined ? undefined : { slot: loaded.slot, memory: loaded.memory };
      },
    },
  };
}

/**
 * The memory to remember after a save: the previous one patched with the changed chunks when the writer
 * owns it and the length is the same (no full copy), else a copy of `memory`.
 */
function nextRemembered(previous: Remembered | undefined, memory: Uint8Array, written: Written): Remembered {
  const before = previous?.memory;
  if (previous?.owned && before !== undefined && before.byteLength === memory.byteLength) {
    for (const chunk of written.changed) {
      const start = chunk * CHUNK_SIZE;
      before.set(memory.subarray(start, Math.min(start + CHUNK_SIZE, memory.byteLength)), start);
    }
    return { memory: before, entries: written.entries, owned: true };
  }
  return { memory: Buffer.from(memory), entries: written.entries, owned: true };
}

function countZeroEntries(entries: Uint32Array): number {
  let zero = 0;
  for (let i = 0; i < entries.length; i += 2) if (entries[i] === 0) zero++;
  return zero;
}
