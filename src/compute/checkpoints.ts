import { Buffer } from 'node:buffer';
import { hash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { AoliteError, isAoliteError } from '../core/errors.js';
import { hashMemory, isZeroRange, PAGE_SIZE, pageCount, usedLength } from '../runtime/memory.js';
import {
  type CheckpointReason,
  type CheckpointRecord,
  type CheckpointStore,
  type CheckpointSummary,
  createCheckpointStore,
} from '../store/checkpoint-store.js';
import type { Store } from '../store/types.js';

/**
 * Checkpoints: a process's memory at a slot, kept as content-addressed 64 KiB pages (page hash →
 * compressed page; zero pages not stored; a page shared by checkpoints and processes stored once).
 *
 * Saving costs only what changed: the writer remembers the last memory it saved per process (a bounded
 * cache), so an unchanged page is found with a memcmp and reuses its hash; a changed page is hashed,
 * looked up, and compressed and inserted only when no checkpoint stored those bytes before.
 */
export interface Checkpoints {
  save(input: SaveCheckpointInput): SavedCheckpoint;
  /**
   * The checkpoint with the highest slot ≤ `atOrBelowSlot`, memory reassembled and checked against its
   * memory hash. CORRUPT naming the slot and page when a stored page does not match its hash.
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
  /** Pages in the page table, zero pages included. */
  pages: number;
  zeroPages: number;
  /** Pages written by this save (not stored by any earlier checkpoint). */
  newPages: number;
  /** Compressed bytes written by this save. */
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
  /** Processes whose last saved memory is remembered for memcmp of unchanged pages (default 16). */
  writerCacheSize?: number;
  /**
   * A corrupt checkpoint the state source passed over (it then restores an older one or replays from
   * genesis). Default console.error.
   */
  onCorrupt?: (error: AoliteError) => void;
  /** Brotli quality of new pages, 0–11 (default 0: fastest; see bench/checkpoints.ts). */
  compressionQuality?: number;
}

const HASH_BYTES = 32;
const ZERO_HASH = Buffer.alloc(HASH_BYTES);

interface LastSaved {
  memory: Buffer;
  table: Buffer;
}

function view(bytes: Uint8Array, start: number, end: number): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
}

export function createCheckpoints(deps: CheckpointsDeps): Checkpoints {
  const { store, clock } = deps;
  const sql: CheckpointStore = createCheckpointStore(store);
  const cacheSize = deps.writerCacheSize ?? 16;
  const compressOptions = {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: deps.compressionQuality ?? 0,
      [constants.BROTLI_PARAM_SIZE_HINT]: PAGE_SIZE,
    },
  };
  const lastSaved = new Map<string, LastSaved>();
  const onCorrupt =
    deps.onCorrupt ??
    ((error: AoliteError) => console.error(`aolite: skipping a checkpoint: ${error.message}`));

  function remember(processId: string, entry: LastSaved): void {
    lastSaved.delete(processId);
    lastSaved.set(processId, entry);
    while (lastSaved.size > cacheSize) {
      const oldest = lastSaved.keys().next().value;
      if (oldest === undefined) break;
      lastSaved.delete(oldest);
    }
  }

  /** The page table of `memory`; pages whose bytes were not stored yet are compressed and inserted. */
  function writePages(
    memory: Uint8Array,
    previous: LastSaved | undefined,
  ): { table: Buffer; zeroPages: number; newPages: number; newBytes: number } {
    const count = pageCount(memory.byteLength);
    const table = Buffer.alloc(count * HASH_BYTES);
    let zeroPages = 0;
    let newPages = 0;
    let newBytes = 0;
    for (let index = 0; index < count; index++) {
      const start = index * PAGE_SIZE;
      const end = Math.min(start + PAGE_SIZE, memory.byteLength);
      const page = view(memory, start, end);
      const slot = table.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
      if (previous !== undefined && end <= previous.memory.byteLength) {
        const before = previous.memory.subarray(start, end);
        if (page.equals(before) && (index + 1) * HASH_BYTES <= previous.table.byteLength) {
          previous.table.copy(slot, 0, index * HASH_BYTES, (index + 1) * HASH_BYTES);
          if (slot.equals(ZERO_HASH)) zeroPages++;
          continue;
        }
      }
      if (isZeroRange(page, 0, page.byteLength)) {
        zeroPages++;
        continue;
      }
      const pageHash = hash('sha256', page, 'buffer');
      pageHash.copy(slot);
      if (sql.missingPages([pageHash]).length === 0) continue;
      const compressed = brotliCompressSync(page, compressOptions);
      if (sql.insertPage(pageHash, compressed, page.byteLength)) {
        newPages++;
        newBytes += compressed.byteLength;
      }
    }
    return { table, zeroPages, newPages, newBytes };
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
      const pages = existing.pageTable.byteLength / HASH_BYTES;
      return {
        slot: input.slot,
        memoryHash,
        pages,
        zeroPages: countZeroEntries(existing.pageTable),
        newPages: 0,
        newBytes: 0,
        created: false,
      };
    }
    const previous = lastSaved.get(input.processId);
    const written = store.transaction(() => {
      const pages = writePages(memory, previous);
      sql.insertCheckpoint({
        processId: input.processId,
        slot: input.slot,
        hashChain: input.hashChain,
        memoryHash,
        memoryLength: memory.byteLength,
        pageTable: pages.table,
        resultHash: input.resultHash ?? null,
        createdAt: clock(),
        reason: input.reason,
      });
      return pages;
    });
    remember(input.processId, { memory: Buffer.from(memory), table: written.table });
    return {
      slot: input.slot,
      memoryHash,
      pages: written.table.byteLength / HASH_BYTES,
      zeroPages: written.zeroPages,
      newPages: written.newPages,
      newBytes: written.newBytes,
      created: true,
    };
  }

  /** `expected`: the page hash in the table; `actual`: what the stored bytes gave. */
  function corrupt(
    record: CheckpointRecord,
    page: number,
    why: string,
    expected: string,
    actual: string,
  ): AoliteError {
    return new AoliteError(
      'CORRUPT',
      `checkpoint of process ${record.processId} at slot ${record.slot}: page ${page} ${why}`,
      { processId: record.processId, slot: record.slot, page, expected, actual },
    );
  }

  function decompressPage(record: CheckpointRecord, index: number, pageHash: Buffer): Buffer {
    const stored = sql.getPage(pageHash);
    const expected = pageHash.toString('hex');
    if (stored === undefined) throw corrupt(record, index, `(${expected}) is missing`, expected, 'missing');
    try {
      return brotliDecompressSync(stored.data);
    } catch {
      throw corrupt(record, index, `(${expected}) does not decompress`, expected, 'undecodable');
    }
  }

  function reassemble(record: CheckpointRecord): Uint8Array {
    const count = record.pageTable.byteLength / HASH_BYTES;
    if (!Number.isInteger(count) || count !== pageCount(record.memoryLength)) {
      throw new AoliteError(
        'CORRUPT',
        `checkpoint of process ${record.processId} at slot ${record.slot}: page table of ${record.pageTable.byteLength} bytes does not describe ${record.memoryLength} bytes of memory`,
        { processId: record.processId, slot: record.slot },
      );
    }
    const memory = Buffer.alloc(record.memoryLength);
    for (let index = 0; index < count; index++) {
      const pageHash = record.pageTable.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
      if (pageHash.equals(ZERO_HASH)) continue;
      const start = index * PAGE_SIZE;
      const length = Math.min(PAGE_SIZE, record.memoryLength - start);
      const page = decompressPage(record, index, pageHash);
      if (page.byteLength !== length) {
        const expected = pageHash.toString('hex');
        const actual = hash('sha256', page, 'hex');
        throw corrupt(record, index, `has ${page.byteLength} bytes, expected ${length}`, expected, actual);
      }
      page.copy(memory, start);
    }
    if (hashMemory(memory) !== record.memoryHash) {
      // Name the culprit: the first page whose bytes no longer hash to its address.
      for (let index = 0; index < count; index++) {
        const pageHash = record.pageTable.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
        if (pageHash.equals(ZERO_HASH)) continue;
        const start = index * PAGE_SIZE;
        const actual = hash('sha256', memory.subarray(start, start + PAGE_SIZE), 'buffer');
        if (!actual.equals(pageHash)) {
          const expected = pageHash.toString('hex');
          const got = actual.toString('hex');
          throw corrupt(record, index, `hashes to ${got}, expected ${expected}`, expected, got);
        }
      }
      throw new AoliteError(
        'CORRUPT',
        `checkpoint of process ${record.processId} at slot ${record.slot}: memory hashes to ${hashMemory(memory)}, expected ${record.memoryHash}`,
        { processId: record.processId, slot: record.slot },
      );
    }
    return memory;
  }

  function toLoaded(record: CheckpointRecord): LoadedCheckpoint {
    return {
      processId: record.processId,
      slot: record.slot,
      hashChain: record.hashChain,
      memoryHash: record.memoryHash,
      resultHash: record.resultHash,
      reason: record.reason,
      memory: reassemble(record),
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

function countZeroEntries(table: Buffer): number {
  let zero = 0;
  for (let offset = 0; offset < table.byteLength; offset += HASH_BYTES) {
    if (table.subarray(offset, offset + HASH_BYTES).equals(ZERO_HASH)) zero++;
  }
  return zero;
}
