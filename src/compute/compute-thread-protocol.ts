import { AoliteError, type ErrorCode, isAoliteError } from '../core/errors.js';
import type { CheckpointPolicyConfig } from './checkpoint-policy.js';
import type { ComputeDeps } from './types.js';

/**
 * Messages between the node's main thread and the compute thread (compute/compute-thread.ts,
 * compute/compute-worker.ts). Everything here is structured-clone data: no functions cross.
 */

/** The compute options that are plain data, so the compute thread can take them. */
export const THREAD_COMPUTE_OPTIONS = [
  'maxEngines',
  'maxEngineBytes',
  'rebaseEvery',
  'readAhead',
  'writeBehind',
  'batchSize',
  'batchBudgetMs',
  'concurrency',
] as const satisfies readonly (keyof ComputeDeps)[];

export type ThreadComputeOptions = Pick<ComputeDeps, (typeof THREAD_COMPUTE_OPTIONS)[number]>;

/** What the compute thread is started with (its workerData). */
export interface ComputeThreadSettings {
  /** The database file the node opened (and migrated): the thread opens its own connection to it. */
  path: string;
  /** The node's library fingerprint: the thread's own library must give the same. */
  libraryHash: string;
  checkpointPolicy: CheckpointPolicyConfig;
  compute: ThreadComputeOptions;
  /** The node clock now (checkpoint timestamps; see ComputeThreadRequest.now). */
  now: number;
}

/** The Compute methods that answer (`notify` and `idle` have their own messages). */
export type ComputeCall = 'resultOf' | 'results' | 'dryRun' | 'state' | 'catchUp';

/**
 * Main thread → compute thread. Each carries the node clock (`now`): the thread stamps checkpoints with
 * its wall clock moved by the difference last seen, since it cannot call the node's clock function.
 */
export type ComputeThreadRequest =
  | { kind: 'notify'; processId: string; seq: number; now: number }
  | { kind: 'call'; id: number; method: ComputeCall; args: unknown[]; now: number }
  | { kind: 'idle'; id: number; now: number }
  | { kind: 'close'; id: number; now: number };

/** The compute thread's background state, sent with every message so the main thread mirrors it. */
export interface ComputeThreadStatus {
  /** The highest notify seq processed (handed to the compute unit's queue). */
  notified: number;
  pending: number;
  engines: { count: number; bytes: number };
}

/** An error as it crosses the boundary: an AoliteError keeps its code and details. */
export interface SerializedError {
  message: string;
  name: string;
  code?: ErrorCode;
  details?: Record<string, unknown>;
  stack?: string;
}

/** Compute thread → main thread. */
export type ComputeThreadReply =
  | { kind: 'ready'; status: ComputeThreadStatus }
  | { kind: 'failed'; error: SerializedError }
  | { kind: 'reply'; id: number; value?: unknown; error?: SerializedError; status: ComputeThreadStatus }
  | { kind: 'evaluated'; processId: string; slot: number; fromSlot: number; status: ComputeThreadStatus }
  | { kind: 'status'; status: ComputeThreadStatus };

export function serializeError(error: unknown): SerializedError {
  if (isAoliteError(error)) {
    return {
      message: error.message,
      name: error.name,
      code: error.code,
      ...(error.details === undefined ? {} : { details: error.details }),
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    };
  }
  if (error instanceof Error) {
    return {
      message: error.message,
      name: error.name,
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    };
  }
  return { message: String(error), name: 'Error' };
}

/** The error thrown on this side: an AoliteError again when it was one (the edges map its code to a status). */
export function deserializeError(error: SerializedError): Error {
  const out =
    error.code === undefined
      ? new Error(error.message)
      : new AoliteError(error.code, error.message, error.details);
  if (error.code === undefined) out.name = error.name;
  if (error.stack !== undefined) out.stack = error.stack;
  return out;
}
