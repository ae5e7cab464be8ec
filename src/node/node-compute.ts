import type { CheckpointPolicyConfig } from '../compute/checkpoint-policy.js';
import type { Checkpoints } from '../compute/checkpoints.js';
import { startComputeThread } from '../compute/compute-thread.js';
import { THREAD_COMPUTE_OPTIONS, type ThreadComputeOptions } from '../compute/compute-thread-protocol.js';
import type { Compute, ComputeDeps } from '../compute/index.js';
import { createNodeUnit } from '../compute/node-unit.js';
import type { NodeConfig } from '../config.js';
import { AoliteError } from '../core/errors.js';
import type { LuaLibrary } from '../runtime/types.js';
import type { ResultStore } from '../store/results.js';
import type { Store } from '../store/types.js';

/** Longest stretch (ms) of evaluation between two turns of the evaluating thread's loop (compute default 50). */
const EVALUATION_SLICE_MS = 5;
/** Slots read per slice: about what a slice evaluates (compute default 256 would be read and dropped). */
const EVALUATION_SLICE_SLOTS = 32;

export interface NodeComputeOptions {
  config: NodeConfig;
  /** The database file, or ':memory:'. */
  dataPath: string;
  store: Store;
  checkpoints: Checkpoints;
  results: ResultStore;
  library: LuaLibrary;
  libraryHash: string;
  clock: () => number;
  /** NodeOptions.compute without `eager`. */
  computeOptions: Omit<ComputeDeps, 'store'>;
  /** NodeOptions.computeThread. */
  thread: boolean | undefined;
  /** The node's own reaction to a committed batch of results (on the main thread, whichever mode). */
  onEvaluated: (processId: string, slot: number, fromSlot: number) => void;
}

export interface NodeCompute {
  compute: Compute;
  /** Whether it runs on its own thread. */
  threaded: boolean;
  /** Resolves once it can take calls (at once inline); rejects if the compute thread could not start. */
  ready: Promise<void>;
  /** From now on engines leave because the node stops (checkpoint reason `shutdown`). */
  shuttingDown(): void;
}

const policyConfig = (config: NodeConfig): CheckpointPolicyConfig => ({
  everySlots: config.checkpointEverySlots,
  everyMs: config.checkpointEveryMs,
  onEviction: config.checkpointOnEviction,
  onShutdown: config.checkpointOnShutdown,
});

/** Compute options other than plain data (hooks, factories, a library or store object), by name. */
function inlineOnlyOptions(options: Omit<ComputeDeps, 'store'>): string[] {
  const data = new Set<string>(THREAD_COMPUTE_OPTIONS);
  return Object.entries(options)
    .filter(([key, value]) => value !== undefined && !data.has(key))
    .map(([key]) => key);
}

/** WAL pages (4 KiB) past which a commit on the main connection checkpoints itself, in thread mode. */
export const MAIN_WAL_AUTOCHECKPOINT_PAGES = 50_000;

/**
 * Where the node's compute unit runs. On a database file, by default on its own thread
 * (compute/compute-thread.ts): a message that computes for seconds then holds only that thread, not
 * HTTP, the scheduler, the messenger or the timers on the main thread. It stays on the main thread
 * (inline) when it cannot move: an in-memory database is one connection no other thread can open, and
 * function-valued compute options (a runtime factory, hooks, a timer, a library or result store object)
 * must be called in the thread that was given them. An explicit `thread: true` that cannot be honoured
 * is refused rather than quietly run inline.
 */
export function createNodeCompute(options: NodeComputeOptions): NodeCompute {
  const { config, dataPath, computeOptions } = options;
  const inMemory = dataPath === ':memory:' || dataPath === '';
  const blockers = inlineOnlyOptions(computeOptions);
  if (options.thread === true && (inMemory || blockers.length > 0)) {
    throw new AoliteError(
      'BAD_REQUEST',
      inMemory
        ? 'computeThread needs a database file: an in-memory database cannot be shared with a thread'
        : `computeThread cannot take the function-valued compute options ${blockers.join(', ')}`,
    );
  }
  const threaded = options.thread ?? (!inMemory && blockers.length === 0);
  // Short evaluation slices: calls (and, inline, everything on the event loop) wait at most one slice,
  // at the price of one more small results transaction per few ms of evaluation.
  const slicing: ThreadComputeOptions = {
    batchBudgetMs: EVALUATION_SLICE_MS,
    batchSize: EVALUATION_SLICE_SLOTS,
  };
  if (threaded) {
    const data: ThreadComputeOptions = {
      maxEngines: config.maxEngines,
      maxEngineBytes: config.maxEngineBytes,
      ...slicing,
    };
    for (const key of THREAD_COMPUTE_OPTIONS) {
      if (computeOptions[key] !== undefined) Object.assign(data, { [key]: computeOptions[key] });
    }
    const compute = startComputeThread({
      settings: {
        path: dataPath,
        libraryHash: options.libraryHash,
        checkpointPolicy: policyConfig(config),
        compute: data,
      },
      clock: options.clock,
      onEvaluated: options.onEvaluated,
      reads: { store: options.store, results: options.results },
    });
    // The compute thread checkpoints the WAL (compute-worker.ts), so this connection, which commits HTTP
    // posts, does not stall a commit to copy the WAL into the database; only if the thread falls far
    // behind (a message evaluating for seconds under heavy ingest) does a commit here checkpoint.
    options.store.orm.$client.pragma(`wal_autocheckpoint = ${MAIN_WAL_AUTOCHECKPOINT_PAGES}`);
    // The thread tells its own checkpoint policy on close (compute-worker.ts).
    return { compute, threaded, ready: compute.ready, shuttingDown: () => undefined };
  }
  const { compute, policy } = createNodeUnit({
    store: options.store,
    checkpoints: options.checkpoints,
    results: options.results,
    library: options.library,
    policy: policyConfig(config),
    options: {
      maxEngines: config.maxEngines,
      maxEngineBytes: config.maxEngineBytes,
      ...slicing,
      ...computeOptions,
    },
    onEvaluated: options.onEvaluated,
  });
  return { compute, threaded, ready: Promise.resolve(), shuttingDown: () => policy.shuttingDown() };
}
