import type { ProcessRuntime, ProcessRuntimeOptions } from '../runtime/process-runtime.js';
import type { EvalResult, LuaLibrary } from '../runtime/types.js';
import type { ResultStore } from '../store/results.js';
import type { Store } from '../store/types.js';
import type { LiveEngine } from './engine-cache.js';

/** A saved process memory: the state after evaluating `slot`. */
export interface SavedState {
  slot: number;
  memory: Uint8Array;
}

/**
 * Where compute gets a process memory to start from instead of replaying from genesis (the checkpoint
 * store plugs in here). `undefined` = nothing saved at or below `slot`: replay from slot 0.
 */
export interface StateSource {
  latestAtOrBelow(processId: string, slot: number): SavedState | undefined | Promise<SavedState | undefined>;
  /** The slot latestAtOrBelow would start from, without loading it (absent: reads never rebuild early). */
  slotAtOrBelow?(processId: string, slot: number): number | undefined;
}

/** Handed to the checkpoint policy after each evaluated batch. */
export interface EvaluatedBatch {
  processId: string;
  /**
   * The last evaluated slot; `runtime` holds the state after it. Snapshot it before returning. Its result
   * may still be on its way to the store (write-behind).
   */
  slot: number;
  runtime: ProcessRuntime;
  /** Slots evaluated in this batch. */
  slots: number;
  /** Wall time spent evaluating the batch (measured, never fed into evaluation). */
  evaluatedMs: number;
  /** The result hash of `slot`, worked out when asked (the stored row may not be there yet). */
  resultHash: () => string;
}

/** Called after every evaluated batch; evaluation of that process waits for a returned promise. */
export type CheckpointPolicy = (batch: EvaluatedBatch) => void | Promise<void>;

export interface ComputeDeps {
  store: Store;
  /** Default: createResultStore(store). */
  results?: ResultStore;
  /** The Lua library of the built-in module format. Default: loadAosLibrary(). */
  library?: LuaLibrary;
  /** Default: createProcessRuntime (genesis runtimes start from the library's cached boot image, runtime/process-runtime.ts). Tests wrap it to count calls. */
  createRuntime?: (options: ProcessRuntimeOptions) => Promise<ProcessRuntime>;
  /** Default: nothing saved (always replay from genesis). */
  stateSource?: StateSource;
  /** Called before an engine leaves the cache (eviction or close); its runtime holds the state after `slot`. */
  onEvict?: (engine: Readonly<LiveEngine>) => void;
  checkpointPolicy?: CheckpointPolicy;
  /**
   * Told after every committed batch of results (`fromSlot`…`slot`, the stored ones): the messenger
   * delivers their outboxes. Must only schedule work, never do it or throw.
   */
  onEvaluated?: (processId: string, slot: number, fromSlot: number) => void;
  /** Engine cache bounds. Default 64 engines, 2 GiB. */
  maxEngines?: number;
  maxEngineBytes?: number;
  /**
   * Successful messages between two rollback bases of a runtime (ProcessRuntimeOptions.rebaseEvery).
   * A base is a memory snapshot (cost grows with the heap); a rollback replays at most this many
   * messages, and each message is replayed at most once however many errors follow. Default 1024.
   */
  rebaseEvery?: number;
  /**
   * Read the next batch of slots on another thread while one is evaluated (compute/read-ahead.ts; a store
   * on a file only). Default true.
   */
  readAhead?: boolean;
  /**
   * Store each batch of results from another thread while the next batch is evaluated
   * (compute/result-writer.ts; a store on a file, with the default `results`). Default true.
   */
  writeBehind?: boolean;
  /** Slots evaluated and stored per transaction, at most. Default 256. */
  batchSize?: number;
  /**
   * A batch also ends once it has taken this long (ms, checked after each slot; at least one slot per
   * batch), so evaluation yields to ingest and reads regularly however costly the messages. Default 50.
   */
  batchBudgetMs?: number;
  /** Processes evaluated side by side by the background queue. Default 2. */
  concurrency?: number;
  /** A monotonic millisecond timer for `evaluatedMs`. Default performance.now. */
  timer?: () => number;
  /** Background evaluation failures. Default: console.error. */
  onError?: (processId: string, error: unknown) => void;
}

/** One stored evaluation. */
export interface Evaluation {
  processId: string;
  slot: number;
  messageId: string;
  /** base64url SHA-256 of the canonical result (result-hash.ts). */
  hash: string;
  result: EvalResult;
}

export type ResultAt = { messageId: string } | { slot: number };

export interface ResultsQuery {
  /** Exclusive lower bound: slots after it, whatever the order (the reference CU's `from`). */
  fromSlot?: number;
  /** Inclusive upper bound, whatever the order (the reference CU's `to`). */
  toSlot?: number;
  /** Newest first; the bounds keep their meaning (the reference only changes the ORDER BY). */
  descending?: boolean;
  /** Default 25, at most 1000. */
  limit?: number;
}

export interface ResultsPage {
  evaluations: Evaluation[];
  hasNextPage: boolean;
}

/** A dry-run message as posted (aoconnect's `dryrun` body), validated by `dryRunMessage`. */
export interface DryRunInput {
  Id?: unknown;
  Owner?: unknown;
  Target?: unknown;
  Anchor?: unknown;
  Data?: unknown;
  Tags?: unknown;
  Timestamp?: unknown;
  'Block-Height'?: unknown;
}

/**
 * The compute unit (ao CU): evaluates each process's assigned slots in order, stores one result per
 * slot, serves results, dry-runs and state reads. Lazy (a read evaluates what it needs) and eager
 * (`notify` keeps processes current in the background); one evaluation at a time per process.
 */
export interface Compute {
  /** The result of a slot (or of the slot a message has in the process), evaluating up to it first. */
  resultOf(processId: string, at: ResultAt): Promise<Evaluation>;
  /** Results of a process in slot order, after evaluating everything assigned. Only results without Error. */
  results(processId: string, query?: ResultsQuery): Promise<ResultsPage>;
  /** Evaluates a message on a copy of the state at the head (or after `slot`); nothing is stored. */
  dryRun(processId: string, input: DryRunInput, options?: { slot?: number }): Promise<EvalResult>;
  /**
   * The JSON value of a global path (`Balances.ALICE`, `Handlers.list[1].name`) at the head or after
   * `slot`, read on a throwaway copy of the state. Tables whose keys are exactly 1..n are arrays, empty
   * tables `[]`, other tables objects (sorted keys); functions/threads/userdata are the strings
   * "[function]"/"[thread]"/"[userdata]"; a table inside itself is "[circular]" (runtime/lua/state-reader.lua).
   * BAD_REQUEST for a malformed path, NOT_FOUND naming the first missing part.
   */
  state(
    processId: string,
    path: string,
    options?: { slot?: number },
  ): Promise<{ slot: number; value: unknown }>;
  /** Evaluates every slot assigned so far; returns the last evaluated slot (-1 if none). */
  catchUp(processId: string): Promise<number>;
  /** A slot was assigned: evaluate it in the background (never blocks, never throws). */
  notify(processId: string): void;
  /** Resolves when the background queue has nothing left to do. */
  idle(): Promise<void>;
  /** Background evaluations queued or running. */
  pending(): number;
  /** Live engines now. */
  engines(): { count: number; bytes: number };
  /** Finishes running evaluations, then evicts every engine (onEvict) and stops. */
  close(): Promise<void>;
}
