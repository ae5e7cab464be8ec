import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
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
  compressPackAsync,
  decodeManifest,
  encodeManifest,
  encodeManifestAsync,
  view,
} from './checkpoint-format.js';
import { type Reassembled, reassemble, reassembleAsync } from './checkpoint-reader.js';
import {
  type Base,
  compareChunks,
  type PackPlan,
  packContents,
  packCount,
  planPacks,
  type Remembered,
  renumberPacks,
  startComparison,
  type Written,
  writePacks,
  written as writtenBy,
} from './checkpoint-writer.js';

/**
 * Checkpoints: a process's memory at a slot, kept as 4 KiB chunks (zero chunks not stored), the chunks a
 * save stores compressed together in packs of up to 64, and per checkpoint a manifest naming each chunk's
 * pack and position (checkpoint-format.ts, schema.ts).
 *
 * Saving costs only what changed: the writer remembers the last memory it saved or loaded per process (a
 * bounded cache) with its manifest, so an unchanged chunk is found with a memcmp and keeps its place;
 * without one it compares chunk hashes with the process's latest checkpoint. Changed chunks are hashed
 * and packed; a process's first checkpoint also looks its chunks up by hash, so processes share what
 * their memories have in common (checkpoint-writer.ts). Loading decompresses each pack the manifest names
 * once, and checks the whole memory's hash.
 */
export interface Checkpoints {
  save(input: SaveCheckpointInput): SavedCheckpoint;
  /**
   * The same checkpoint as `save`, written without holding the event loop: the memory is hashed and
   * compared in slices of SLICE_CHUNKS chunks between turns; more than INLINE_PACK_CHUNKS new chunks are
   * compressed on the thread pool and each pack is stored in its own short transaction, and the checkpoint
   * row is written last (fewer are written at once, as `save` writes them). The
   * memory must not change until the promise settles (the compute unit holds the process while it saves).
   * A crash before the last transaction leaves only packs no checkpoint names (never read). A save of
   * the same process while one is under way is refused (CONFLICT).
   */
  saveAsync(input: SaveCheckpointInput): Promise<SavedCheckpoint>;
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
  /**
   * `loadUsable` with the packs decompressed in parallel on the thread pool: the state source the compute
   * unit restores from uses it.
   */
  loadUsableAsync(
    processId: string,
    atOrBelowSlot: number,
    onCorrupt?: (error: AoliteError) => void,
  ): Promise<LoadedCheckpoint | undefined>;
  list(processId: string): CheckpointSummary[];
  /** The highest checkpointed slot of a process (no pages read), or undefined. */
  latestSlot(processId: string): number | undefined;
  /** The seam the evaluation loop restores from instead of replaying from genesis. */
  readonly stateSource: StateSource;
}

/** Where the compute unit gets a starting state at or below a slot (undefined: start from genesis). */
export interface StateSource {
  latestAtOrBelow(processId: string, slot: number): Promise<{ slot: number; memory: Uint8Array } | undefined>;
  /** The slot of the newest checkpoint at or below `slot` (one index seek, nothing loaded). */
  slotAtOrBelow(processId: string, slot: number): number | undefined;
}

export interface SaveCheckpointInput {
  processId: string;
  /** The memory is the state after evaluating this slot. */
  slot: number;
  /** Hash chain of the slot's assignment. */
  hashChain: string;
  /** Read during the call only (it may be a live view of a runtime's memory): what is kept is copied. */
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
  /** Chunks packed by this save: bytes no checkpoint stored before, plus `movedChunks`. */
  newChunks: number;
  /** Chunks stored before but packed again, out of an older pack this memory uses less than half of. */
  movedChunks: number;
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
  /**
   * Brotli quality of new packs, 0–11. Default 0: on the 684 KiB of chunks 1,000 counter messages change,
   * quality 0 takes ~2.1 ms for 289 KiB stored, quality 1 ~2.8 ms for 270 KiB, 2 ~5.8 ms for 230 KiB.
   */
  compressionQuality?: number;
}

export function createCheckpoints(deps: CheckpointsDeps): Checkpoints {
  const { store, clock } = deps;
  const sql: CheckpointStore = createCheckpointStore(store);
  const cacheSize = deps.writerCacheSize ?? 16;
  const quality = deps.compressionQuality ?? 0;
  const remembered = new Map<string, Remembered>();
  /** Processes with a `saveAsync` under way: a second save of one would compare with a memory being patched. */
  const saving = new Set<string>();
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

  /** The summary of the checkpoint already stored at the slot (nothing to write), or undefined. */
  function alreadySaved(input: SaveCheckpointInput, memoryHash: string): SavedCheckpoint | undefined {
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
        movedChunks: 0,
        newPacks: 0,
        newBytes: 0,
        created: false,
      };
    }
    return undefined;
  }

  function refuseOverlap(processId: string): void {
    if (saving.has(processId)) {
      throw new AoliteError(
        'CONFLICT',
        `a checkpoint of process ${processId} is being saved; save again once it is stored`,
        { processId },
      );
    }
  }

  function save(input: SaveCheckpointInput): SavedCheckpoint {
    refuseOverlap(input.processId);
    const memory = input.memory.subarray(0, Math.min(usedLength(input.memory), input.memory.byteLength));
    const memoryHash = input.memoryHash ?? hashMemory(memory);
    const existing = alreadySaved(input, memoryHash);
    if (existing !== undefined) return existing;
    const previous = remembered.get(input.processId) ?? latestAsBase(input.processId);
    const comparison = startComparison(memory);
    compareChunks(comparison, memory, previous, comparison.count);
    const plan = planPacks(sql, memory, previous, comparison, sql.nextPackSeq());
    const chunks = writeAtOnce(input, memoryHash, memory.byteLength, plan);
    remember(input.processId, nextRemembered(previous, memory, chunks));
    return summary(input.slot, memoryHash, chunks);
  }

  async function saveAsync(input: SaveCheckpointInput): Promise<SavedCheckpoint> {
    refuseOverlap(input.processId);
    saving.add(input.processId);
    try {
      return await saveInSlices(input);
    } finally {
      saving.delete(input.processId);
    }
  }

  async function saveInSlices(input: SaveCheckpointInput): Promise<SavedCheckpoint> {
    const previous = remembered.get(input.processId) ?? latestAsBase(input.processId);
    const memory = input.memory.subarray(0, Math.min(usedLength(input.memory), input.memory.byteLength));
    const hasher = input.memoryHash === undefined ? createHash('sha256') : undefined;
    const comparison = startComparison(memory);
    for (;;) {
      const from = comparison.next;
      compareChunks(comparison, memory, previous, from + SLICE_CHUNKS);
      hasher?.update(
        view(memory, from * CHUNK_SIZE, Math.min(comparison.next * CHUNK_SIZE, memory.byteLength)),
      );
      if (comparison.next >= comparison.count) break;
      await yieldToLoop();
    }
    const memoryHash = input.memoryHash ?? hasher!.digest('hex');
    const existing = alreadySaved(input, memoryHash);
    if (existing !== undefined) return existing;
    const plan = planPacks(sql, memory, previous, comparison, sql.nextPackSeq());
    // Few new chunks are written at once, in the turn they were planned in (as `save` writes them).
    const chunks =
      plan.chunks.length <= INLINE_PACK_CHUNKS
        ? writeAtOnce(input, memoryHash, memory.byteLength, plan)
        : await writeInSlices(input, memoryHash, memory.byteLength, plan);
    remember(input.processId, nextRemembered(previous, memory, chunks));
    return summary(input.slot, memoryHash, chunks);
  }

  /**
   * A plan's packs, index rows and checkpoint row in one transaction, under the pack seqs it was planned
   * with: call in the turn `planPacks` ran in, so they are still free.
   */
  function writeAtOnce(
    input: SaveCheckpointInput,
    memoryHash: string,
    memoryLength: number,
    plan: PackPlan,
  ): Written {
    return store.transaction(() => {
      const packed = writePacks(sql, plan, quality);
      const manifest = encodeManifest(packed.entries);
      sql.insertCheckpoint(checkpointRecord(input, memoryHash, memoryLength, manifest));
      return { ...packed, newBytes: packed.newBytes + manifest.byteLength };
    });
  }

  /**
   * Many new chunks: each pack compressed on the thread pool and stored in its own transaction under the
   * next free seq (the plan is renumbered to them: other saves may store packs meanwhile), then the index
   * rows and the checkpoint row.
   */
  async function writeInSlices(
    input: SaveCheckpointInput,
    memoryHash: string,
    memoryLength: number,
    plan: PackPlan,
  ): Promise<Written> {
    const seqs: number[] = [];
    let newBytes = 0;
    const packs = packCount(plan);
    for (let i = 0; i < packs; i++) {
      const { raw, hashes } = packContents(plan, i);
      const data = await compressPackAsync(raw, quality);
      seqs.push(
        store.transaction(() => {
          const seq = sql.nextPackSeq();
          sql.insertPack(seq, { data, rawLength: raw.byteLength, hashes, chunkSize: CHUNK_SIZE });
          return seq;
        }),
      );
      newBytes += data.byteLength + hashes.byteLength;
    }
    renumberPacks(plan, seqs);
    const manifest = await encodeManifestAsync(plan.entries);
    store.transaction(() => {
      sql.indexChunks(plan.toIndex);
      sql.insertCheckpoint(checkpointRecord(input, memoryHash, memoryLength, manifest));
    });
    return writtenBy(plan, packs, newBytes + manifest.byteLength);
  }

  function checkpointRecord(
    input: SaveCheckpointInput,
    memoryHash: string,
    memoryLength: number,
    manifest: Buffer,
  ): CheckpointRecord {
    return {
      processId: input.processId,
      slot: input.slot,
      hashChain: input.hashChain,
      memoryHash,
      memoryLength,
      chunkSize: CHUNK_SIZE,
      manifest,
      resultHash: input.resultHash ?? null,
      createdAt: clock(),
      reason: input.reason,
    };
  }

  /** The process's latest checkpoint as a base to compare with by chunk hashes (no pack data read). */
  function latestAsBase(processId: string): Base | undefined {
    const latest = sql.latestAtOrBelow(processId, Number.MAX_SAFE_INTEGER);
    if (latest === undefined || latest.chunkSize !== CHUNK_SIZE) return undefined;
    const entries = decodeManifest(latest.manifest, chunkCount(latest.memoryLength, latest.chunkSize));
    if (entries === undefined) return undefined;
    const packs = new Set<number>();
    for (let i = 0; i < entries.length; i += 2) if (entries[i] !== 0) packs.add(entries[i]!);
    return { kind: 'hashes', entries, packHashes: sql.packHashes([...packs]) };
  }

  function toLoaded(record: CheckpointRecord, { memory, entries }: Reassembled): LoadedCheckpoint {
    remember(record.processId, { kind: 'memory', memory, entries, owned: false });
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
    return record === undefined ? undefined : toLoaded(record, reassemble(sql, record));
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
        return toLoaded(record, reassemble(sql, record));
      } catch (error) {
        if (!isAoliteError(error) || error.code !== 'CORRUPT') throw error;
        onCorrupt?.(error);
        below = record.slot - 1;
      }
    }
    return undefined;
  }

  async function loadUsableAsync(
    processId: string,
    atOrBelowSlot: number,
    onCorrupt?: (error: AoliteError) => void,
  ): Promise<LoadedCheckpoint | undefined> {
    let below = atOrBelowSlot;
    while (below >= 0) {
      const record = sql.latestAtOrBelow(processId, below);
      if (record === undefined) return undefined;
      try {
        return toLoaded(record, await reassembleAsync(sql, record));
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
    saveAsync,
    load,
    loadUsable,
    loadUsableAsync,
    list: (processId) => sql.listCheckpoints(processId),
    latestSlot: (processId) => sql.latestSlot(processId),
    stateSource: {
      async latestAtOrBelow(processId, slot) {
        const loaded = await loadUsableAsync(processId, slot, onCorrupt);
        return loaded === undefined ? undefined : { slot: loaded.slot, memory: loaded.memory };
      },
      slotAtOrBelow: (processId, slot) => sql.latestAtOrBelow(processId, slot)?.slot,
    },
  };
}

/**
 * Spare room a remembered memory is allocated with, so a growing process is updated in place: doubling,
 * as a growing array does (a process filling its Inbox grew 25-30% between early checkpoints, so 25% of
 * room meant a fresh copy at most saves, each page-faulting the whole new buffer). Room not yet written
 * is not resident.
 */
const REMEMBERED_HEADROOM = 2;

/**
 * The memory to remember after a save (once its transaction committed). An owned remembered memory is updated in place, chunk by chunk
 * (every chunk that differs from it, new chunks past its end included, is in `written.changed`), while the
 * new memory fits in its buffer; otherwise the memory is copied into a new buffer with headroom.
 */
function nextRemembered(base: Base | undefined, memory: Uint8Array, written: Written): Remembered {
  if (
    base?.kind === 'memory' &&
    base.owned &&
    base.memory.byteOffset + memory.byteLength <= base.memory.buffer.byteLength
  ) {
    const kept = Buffer.from(base.memory.buffer, base.memory.byteOffset, memory.byteLength);
    for (const chunk of written.changed) {
      const start = chunk * CHUNK_SIZE;
      kept.set(memory.subarray(start, Math.min(start + CHUNK_SIZE, memory.byteLength)), start);
    }
    return { kind: 'memory', memory: kept, entries: written.entries, owned: true };
  }
  const room = Buffer.allocUnsafeSlow(
    Math.ceil((memory.byteLength * REMEMBERED_HEADROOM) / CHUNK_SIZE) * CHUNK_SIZE,
  );
  const kept = room.subarray(0, memory.byteLength);
  kept.set(memory);
  return { kind: 'memory', memory: kept, entries: written.entries, owned: true };
}

function summary(slot: number, memoryHash: string, written: Written): SavedCheckpoint {
  return {
    slot,
    memoryHash,
    chunks: written.entries.length / 2,
    zeroChunks: written.zeroChunks,
    newChunks: written.newChunks,
    movedChunks: written.movedChunks,
    newPacks: written.newPacks,
    newBytes: written.newBytes,
    created: true,
  };
}

/** Chunks a save in slices compares and hashes per turn of the event loop (2 MiB: about 1 ms). */
const SLICE_CHUNKS = 512;

/**
 * New chunks a save in slices still writes at once (1 MiB: compressed in ~3 ms). Handing packs to the
 * thread pool and storing each in its own transaction costs more time than it frees below that: the
 * checkpoint after 1,000 counter messages (~170 new chunks) took 7.5-8.3 ms that way against 3.8-3.9 ms
 * at once (median of 9 saves of `npm run bench -- checkpoints`, measured with this bound set to 0).
 */
const INLINE_PACK_CHUNKS = 256;

function countZeroEntries(entries: Uint32Array): number {
  let zero = 0;
  for (let i = 0; i < entries.length; i += 2) if (entries[i] === 0) zero++;
  return zero;
}
