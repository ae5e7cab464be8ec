import type { Store } from '../store/types.js';
import type { Checkpoints, SaveCheckpointInput, SavedCheckpoint } from './checkpoints.js';

/** When the compute unit saves checkpoints (NodeConfig carries these). 0 turns an interval off. */
export interface CheckpointPolicyConfig {
  /** Save when this many slots were evaluated since the process's last checkpoint. */
  everySlots: number;
  /** Save when this much evaluation time (ms, measured, never fed into evaluation) was spent since. */
  everyMs: number;
  /** Save when an engine leaves the engine cache. */
  onEviction: boolean;
  /** Save for every live engine when the node shuts down. */
  onShutdown: boolean;
}

export const defaultCheckpointPolicy: CheckpointPolicyConfig = {
  everySlots: 1000,
  everyMs: 10_000,
  onEviction: true,
  onShutdown: true,
};

/** What the policy needs from a runtime: its memory now (a live view, read during the save only). */
interface RuntimeMemory {
  memoryView(): Uint8Array;
}

/** An evaluated batch (compute's EvaluatedBatch). */
export interface BatchEvaluated {
  processId: string;
  /** The last evaluated slot: `runtime` holds the state after it. */
  slot: number;
  runtime: RuntimeMemory;
  evaluatedMs: number;
  /** The result hash of `slot` (its row may not be stored yet). */
  resultHash?: () => string;
}

/** An engine leaving the cache (compute's LiveEngine): `runtime` holds the state after `slot`. */
export interface EngineLeaving {
  processId: string;
  slot: number;
  runtime: RuntimeMemory;
}

export interface CheckpointPolicyDeps {
  store: Store;
  checkpoints: Checkpoints;
  config: CheckpointPolicyConfig;
  /** The stored result hash of a slot, when the compute unit keeps one. */
  resultHashOf?: (processId: string, slot: number) => string | undefined;
  /** A save failed: checkpoints are an optimisation, so evaluation goes on. Default console.error. */
  onError?: (processId: string, error: unknown) => void;
}

/**
 * The checkpoint policy, as the hooks compute calls: `afterBatch` after each evaluated batch
 * (interval checkpoints by slots and evaluation time), `onEvict` when an engine leaves the cache
 * (eviction, or shutdown once `shuttingDown()` was called).
 */
export interface CheckpointPolicy {
  /**
   * Resolves once an interval checkpoint due after this batch is stored (`Checkpoints.saveAsync`: the
   * runtime's memory must not change until then). Never rejects: a failed save goes to `onError`.
   */
  afterBatch(batch: BatchEvaluated): Promise<void>;
  onEvict(engine: EngineLeaving): void;
  /** From now on engines leave because the node stops: they are saved with reason `shutdown`. */
  shuttingDown(): void;
}

interface Progress {
  lastSlot: number;
  ms: number;
}

export function createCheckpointPolicy(deps: CheckpointPolicyDeps): CheckpointPolicy {
  const { store, checkpoints, config } = deps;
  const onError =
    deps.onError ??
    ((processId: string, error: unknown) =>
      console.error(`aolite: checkpoint of process ${processId} failed`, error));
  const progress = new Map<string, Progress>();
  let stopping = false;

  function progressOf(processId: string): Progress {
    let entry = progress.get(processId);
    if (entry === undefined) {
      entry = { lastSlot: checkpoints.latestSlot(processId) ?? -1, ms: 0 };
      progress.set(processId, entry);
    }
    return entry;
  }

  /** The save's input; throws when the slot is not assigned. */
  function inputFor(
    processId: string,
    slot: number,
    runtime: RuntimeMemory,
    reason: 'interval' | 'eviction' | 'shutdown',
    resultHash?: () => string,
  ): SaveCheckpointInput {
    const assignment = store.assignmentsBySlot(processId, { fromSlot: slot, toSlot: slot, limit: 1 })[0];
    if (assignment === undefined) throw new Error(`slot ${slot} is not assigned`);
    return {
      processId,
      slot,
      hashChain: assignment.hashChain,
      // The live memory, not a copy: the save reads it while the process is held, and keeps only the
      // chunks that changed (checkpoints.ts), so a large process is not copied whole at every checkpoint.
      memory: runtime.memoryView(),
      reason,
      resultHash: resultHash?.() ?? deps.resultHashOf?.(processId, slot) ?? null,
    };
  }

  /** Saves now (an engine leaving: its memory is about to go). */
  function save(
    processId: string,
    slot: number,
    runtime: RuntimeMemory,
    reason: 'eviction' | 'shutdown',
  ): SavedCheckpoint | undefined {
    if (slot < 0) return undefined;
    try {
      return checkpoints.save(inputFor(processId, slot, runtime, reason));
    } catch (error) {
      onError(processId, error);
      return undefined;
    } finally {
      // A failed save is tried again an interval later, not after every batch.
      progress.set(processId, { lastSlot: slot, ms: 0 });
    }
  }

  /** Saves in slices (an interval checkpoint of a process the compute unit holds meanwhile). */
  async function saveInSlices(batch: BatchEvaluated): Promise<void> {
    const { processId, slot, runtime } = batch;
    try {
      await checkpoints.saveAsync(inputFor(processId, slot, runtime, 'interval', batch.resultHash));
    } catch (error) {
      onError(processId, error);
    } finally {
      progress.set(processId, { lastSlot: slot, ms: 0 });
    }
  }

  return {
    async afterBatch(batch) {
      const entry = progressOf(batch.processId);
      entry.ms += batch.evaluatedMs;
      const bySlots = config.everySlots > 0 && batch.slot - entry.lastSlot >= config.everySlots;
      const byTime = config.everyMs > 0 && entry.ms >= config.everyMs && batch.slot > entry.lastSlot;
      if ((bySlots || byTime) && batch.slot >= 0) await saveInSlices(batch);
    },
    onEvict(engine) {
      const wanted = stopping ? config.onShutdown : config.onEviction;
      if (!wanted) return;
      if (progressOf(engine.processId).lastSlot >= engine.slot) return;
      save(engine.processId, engine.slot, engine.runtime, stopping ? 'shutdown' : 'eviction');
    },
    shuttingDown() {
      stopping = true;
    },
  };
}
