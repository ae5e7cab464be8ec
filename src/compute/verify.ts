import { AoliteError, isAoliteError } from '../core/errors.js';
import { libraryFingerprint } from '../runtime/fingerprint.js';
import {
  createProcessRuntime,
  type ProcessRuntime,
  type ProcessRuntimeOptions,
} from '../runtime/process-runtime.js';
import type { LuaLibrary } from '../runtime/types.js';
import type { CheckpointSummary } from '../store/checkpoint-store.js';
import {
  createResultStore,
  createStoredHashReader,
  type ResultRecord,
  type StoredResultHash,
} from '../store/results.js';
import type { Store } from '../store/types.js';
import { type Checkpoints, createCheckpoints } from './checkpoints.js';
import { evaluateSlots } from './evaluate.js';
import { loadProcessContext } from './process-context.js';
import { hashEncodedResult } from './result-hash.js';
import { createSlotReader } from './slot-reader.js';

export interface VerifyOptions {
  store: Store;
  library: LuaLibrary;
  processId: string;
  /** Last slot to verify (inclusive). Default: the last evaluated slot. */
  toSlot?: number;
  /** Replay from slot 0, or from the nearest checkpoint whose pages verify. */
  from: 'genesis' | 'checkpoint';
  /** With `from: 'checkpoint'`: start at the usable checkpoint with the highest slot ≤ this (default toSlot). */
  checkpointAtOrBelow?: number;
  /** Called after every batch with slots replayed so far and slots to replay in all. */
  onProgress?: (done: number, total: number) => void;
  /** Slots evaluated between two progress reports (default 256). */
  batchSize?: number;
  /** Default createCheckpoints over `store`. */
  checkpoints?: Checkpoints;
  /** Default createProcessRuntime (genesis runtimes start from the library's cached boot image); a seam, as ComputeDeps.createRuntime. */
  createRuntime?: (options: ProcessRuntimeOptions) => Promise<ProcessRuntime>;
  /** As ComputeDeps.readAhead. Default true. */
  readAhead?: boolean;
}

/** Where a replay started: slot 0, or the state of a checkpoint. */
export type VerifyStart = { kind: 'genesis' } | { kind: 'checkpoint'; slot: number };

export type VerifyReport =
  | {
      ok: true;
      processId: string;
      start: VerifyStart;
      /** First and last slot replayed (fromSlot > toSlot when the start checkpoint is at toSlot). */
      fromSlot: number;
      toSlot: number;
      /** Result hashes compared. */
      slots: number;
      /** Checkpoints compared (memory hash and pages). */
      checkpoints: number;
      /** Memory hash after toSlot. */
      memoryHash: string;
      /** Corrupt checkpoints passed over when choosing the start (each is also checked when replayed through). */
      skipped: string[];
    }
  | {
      ok: false;
      processId: string;
      start: VerifyStart;
      /** The first slot that differs. */
      slot: number;
      /** result: the stored result hash; memory: a checkpoint's memory hash; checkpoint: a checkpoint's pages. */
      kind: 'result' | 'memory' | 'checkpoint';
      /** What is stored. */
      expected: string;
      /** What the replay (or the stored bytes) gave. */
      actual: string;
      detail: string;
    };

/**
 * Messages between two rollback bases of the replay runtime. A replay of stored slots rarely meets an
 * Error, and each base is a copy of the whole memory: the runtime's default (64) made the copies a large
 * share of a verification (compute uses 1024 for the same reason).
 */
const REPLAY_REBASE_EVERY = 1024;

type Divergence = Omit<Extract<VerifyReport, { ok: false }>, 'ok' | 'processId' | 'start'>;

function compareResult(row: ResultRecord, stored: StoredResultHash | undefined): Divergence | undefined {
  if (stored === undefined || stored[0] !== row.slot) {
    return {
      slot: row.slot,
      kind: 'result',
      expected: '(no stored result)',
      actual: row.hash,
      detail: `slot ${row.slot} has no stored result`,
    };
  }
  const [, hash, result] = stored;
  if (hash !== row.hash) {
    return {
      slot: row.slot,
      kind: 'result',
      expected: hash,
      actual: row.hash,
      detail: `the replayed result of slot ${row.slot} hashes differently from the stored one`,
    };
  }
  if (result !== row.result) {
    return {
      slot: row.slot,
      kind: 'result',
      expected: hash,
      actual: hashEncodedResult(result),
      detail: `the stored result of slot ${row.slot} no longer matches its stored hash`,
    };
  }
  return undefined;
}

/**
 * Refuses to verify up to a slot beyond the log's head (NOT_FOUND: no wait brings it) or one not evaluated
 * yet (BAD_REQUEST).
 */
export function checkVerifiableSlot(
  processId: string,
  toSlot: number,
  headSlot: number,
  evaluatedSlot: number,
): void {
  if (toSlot > headSlot) {
    throw new AoliteError(
      'NOT_FOUND',
      `process ${processId} has no slot ${toSlot} (its latest is ${headSlot})`,
    );
  }
  if (toSlot > evaluatedSlot) {
    throw new AoliteError(
      'BAD_REQUEST',
      `slot ${toSlot} of process ${processId} is not evaluated yet (the last evaluated slot is ${evaluatedSlot})`,
    );
  }
}

/**
 * Replays a process in a fresh runtime and compares, slot by slot, each result hash with the stored one,
 * and at every checkpoint slot passed the memory hash with the checkpoint's (and that its pages still
 * reassemble to it). Reads only; reports the first slot that differs. NOT_FOUND for an unknown process,
 * NOT_FOUND for a slot beyond its log, BAD_REQUEST for a slot not evaluated yet.
 */
export async function verifyProcess(options: VerifyOptions): Promise<VerifyReport> {
  const { store, processId } = options;
  const createRuntime = options.createRuntime ?? createProcessRuntime;
  const batchSize = Math.max(1, options.batchSize ?? 256);
  const context = loadProcessContext(store, processId, libraryFingerprint(options.library));
  const results = createResultStore(store);
  const storedHashes = createStoredHashReader(store);
  const checkpoints = options.checkpoints ?? createCheckpoints({ store, clock: () => 0 });
  const latest = results.latestSlot(processId);
  if (latest < 0) {
    throw new AoliteError('BAD_REQUEST', `process ${processId} has no evaluated slots to verify yet`);
  }
  const toSlot = options.toSlot ?? latest;
  if (!Number.isSafeInteger(toSlot) || toSlot < 0) {
    throw new AoliteError(
      'BAD_REQUEST',
      `the slot to verify to must be a non-negative integer, got ${toSlot}`,
    );
  }
  if (toSlot > latest) {
    checkVerifiableSlot(processId, toSlot, store.latestAssignment(processId)?.slot ?? latest, latest);
  }

  const skipped: string[] = [];
  let start: VerifyStart = { kind: 'genesis' };
  let runtime: ProcessRuntime;
  let next = 0;
  const loaded =
    options.from === 'checkpoint'
      ? checkpoints.loadUsable(processId, options.checkpointAtOrBelow ?? toSlot, (e) =>
          skipped.push(e.message),
        )
      : undefined;
  if (loaded !== undefined) {
    start = { kind: 'checkpoint', slot: loaded.slot };
    next = loaded.slot + 1;
    runtime = await createRuntime({
      library: options.library,
      limits: context.limits,
      rebaseEvery: REPLAY_REBASE_EVERY,
      snapshot: loaded.memory,
    });
  } else {
    runtime = await createRuntime({
      library: options.library,
      limits: context.limits,
      rebaseEvery: REPLAY_REBASE_EVERY,
    });
  }

  const fail = (d: Divergence): VerifyReport => ({ ok: false, processId, start, ...d });
  const missingSlot = (slot: number, detail: string): Divergence => ({
    slot,
    kind: 'result',
    expected: storedHashes(processId, slot, slot)[0]?.[1] ?? '(no stored result)',
    actual: '(no assignment in the log)',
    detail,
  });
  const readSlots = createSlotReader(store, options.library.input, options.readAhead);
  try {
    const fromSlot = next;
    const total = Math.max(0, toSlot - fromSlot + 1);
    const passed = checkpoints
      .list(processId)
      .filter((c) => c.slot >= fromSlot && c.slot <= toSlot)
      .map((c) => [c.slot, c] as const);
    const checkpointAt = new Map<number, CheckpointSummary>(passed);
    const checkpointSlots = passed.map(([slot]) => slot);
    let checked = 0;
    while (next <= toSlot) {
      const nextCheckpoint = checkpointSlots.find((slot) => slot >= next) ?? toSlot;
      const count = Math.min(batchSize, toSlot - next + 1, nextCheckpoint - next + 1);
      let rows: ReturnType<typeof evaluateSlots>;
      try {
        rows = evaluateSlots(readSlots, context, runtime, next, count);
      } catch (error) {
        // A gap in the log (an assignment lost): the stored results from there on cannot be reproduced.
        if (!isAoliteError(error) || error.code !== 'CORRUPT') throw error;
        return fail(missingSlot(Number(error.details?.slot ?? next), error.message));
      }
      const stored = storedHashes(processId, next, next + count - 1);
      // Both in slot order, stored without duplicates: walk them side by side.
      let j = 0;
      for (const row of rows) {
        while (j < stored.length && stored[j]![0] < row.slot) j++;
        const divergence = compareResult(row, stored[j]);
        if (divergence) return fail(divergence);
      }
      if (rows.length < count) {
        const slot = next + rows.length;
        return fail(
          missingSlot(
            slot,
            `process ${processId} has no slot ${slot} in the log, up to which results are stored`,
          ),
        );
      }
      next += count;
      // Let the node serve other requests between batches: a long replay shares the event loop.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const last = next - 1;
      const checkpoint = checkpointAt.get(last);
      if (checkpoint !== undefined) {
        const memoryHash = runtime.memoryHash();
        if (memoryHash !== checkpoint.memoryHash) {
          return fail({
            slot: last,
            kind: 'memory',
            expected: checkpoint.memoryHash,
            actual: memoryHash,
            detail: `the memory after slot ${last} differs from its checkpoint`,
          });
        }
        const lastRow = rows[rows.length - 1];
        if (
          checkpoint.resultHash !== null &&
          lastRow !== undefined &&
          checkpoint.resultHash !== lastRow.hash
        ) {
          return fail({
            slot: last,
            kind: 'checkpoint',
            expected: checkpoint.resultHash,
            actual: lastRow.hash,
            detail: `the checkpoint at slot ${last} records a different result hash`,
          });
        }
        const chain = store.assignmentsBySlot(processId, { fromSlot: last, toSlot: last, limit: 1 })[0]
          ?.hashChain;
        if (chain !== checkpoint.hashChain) {
          return fail({
            slot: last,
            kind: 'checkpoint',
            expected: checkpoint.hashChain,
            actual: chain ?? '(no assignment)',
            detail: `the checkpoint at slot ${last} names a hash chain that is not the slot's`,
          });
        }
        try {
          checkpoints.load(processId, last);
        } catch (error) {
          if (!isAoliteError(error) || error.code !== 'CORRUPT') throw error;
          return fail({
            slot: last,
            kind: 'checkpoint',
            expected: String(error.details?.expected ?? checkpoint.memoryHash),
            actual: String(error.details?.actual ?? 'unreadable'),
            detail: error.message,
          });
        }
        checked += 1;
      }
      options.onProgress?.(next - fromSlot, total);
    }
    return {
      ok: true,
      processId,
      start,
      fromSlot,
      toSlot,
      slots: total,
      checkpoints: checked,
      memoryHash: runtime.memoryHash(),
      skipped,
    };
  } finally {
    runtime.close();
    readSlots.close();
  }
}
