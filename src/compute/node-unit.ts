import type { LuaLibrary } from '../runtime/types.js';
import type { ResultStore } from '../store/results.js';
import type { Store } from '../store/types.js';
import {
  type CheckpointPolicy,
  type CheckpointPolicyConfig,
  createCheckpointPolicy,
} from './checkpoint-policy.js';
import type { Checkpoints } from './checkpoints.js';
import { createCompute } from './compute.js';
import type { Compute, ComputeDeps } from './types.js';

export interface NodeUnitDeps {
  store: Store;
  checkpoints: Checkpoints;
  results: ResultStore;
  library: LuaLibrary;
  policy: CheckpointPolicyConfig;
  /**
   * The other compute options (engine bounds, batch slicing, and inline only: runtime factories and hooks,
   * which run after the node's own).
   */
  options: Omit<ComputeDeps, 'store' | 'library'>;
  /** The node's reaction to a committed batch of results. */
  onEvaluated: (processId: string, slot: number, fromSlot: number) => void;
}

/**
 * A node's compute unit, wired the same way inline (node/node-compute.ts) and on the compute thread
 * (compute-worker.ts): checkpoints as the state source, the checkpoint policy after each batch and on
 * eviction (the caller tells it about shutdown), the node's reaction to each committed batch.
 */
export function createNodeUnit(deps: NodeUnitDeps): { compute: Compute; policy: CheckpointPolicy } {
  const { store, checkpoints, results, options } = deps;
  const policy = createCheckpointPolicy({
    store,
    checkpoints,
    config: deps.policy,
    resultHashOf: (processId, slot) => results.at(processId, slot)?.hash,
  });
  const compute = createCompute({
    stateSource: checkpoints.stateSource,
    ...options,
    store,
    library: deps.library,
    onEvict: (engine) => {
      policy.onEvict(engine);
      options.onEvict?.(engine);
    },
    onEvaluated: (processId, slot, fromSlot) => {
      deps.onEvaluated(processId, slot, fromSlot);
      options.onEvaluated?.(processId, slot, fromSlot);
    },
    checkpointPolicy: async (batch) => {
      await policy.afterBatch(batch);
      await options.checkpointPolicy?.(batch);
    },
  });
  return { compute, policy };
}
