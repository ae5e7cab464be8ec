export {
  BUILTIN_MODULE_FORMAT,
  BUILTIN_MODULE_TAGS,
  builtinModuleItem,
  registerBuiltinModule,
} from './builtin-module.js';
export { createCompute } from './compute.js';
export type { LiveEngine } from './engine-cache.js';
export { evaluateSlots, replaySlots } from './evaluate.js';
export { moduleLimits, parseComputeLimit, parseMemoryLimit, processLimits } from './limits.js';
export { envFor, type MessageFields, messageFor } from './message.js';
export { loadProcessContext, type ProcessContext } from './process-context.js';
export {
  canonicalJson,
  decodeStoredResult,
  encodeResult,
  hashEncodedResult,
  resultHash,
} from './result-hash.js';
export type { PlannedSlot, PlannedSlotReader, SlotOwner } from './slot-plans.js';
export { createSlotReader } from './slot-reader.js';
export { createSpawnCheck } from './spawn-check.js';
export { parseStatePath } from './state-path.js';
export type {
  CheckpointPolicy,
  Compute,
  ComputeDeps,
  DryRunInput,
  EvaluatedBatch,
  Evaluation,
  ResultAt,
  ResultsPage,
  ResultsQuery,
  SavedState,
  StateSource,
} from './types.js';
