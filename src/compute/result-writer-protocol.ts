import type { ErrorCode } from '../core/errors.js';
import type { EvaluatedSlot } from './evaluate.js';

/** Messages to the result writer's thread (compute/result-writer-worker.ts). Each writer has its own connection. */
export type ResultWriterRequest =
  | {
      kind: 'open';
      id: number;
      writer: number;
      path: string;
      walAutocheckpoint: number;
      busyTimeoutMs: number;
    }
  | { kind: 'close'; writer: number }
  | { kind: 'store'; id: number; writer: number; processId: string; slots: EvaluatedSlot[] };

/** Its answer to an open (ready, or why not) and to a store (committed, or why nothing of the batch was). */
export type ResultWriterReply = { id: number } | { id: number; error: string; code?: ErrorCode };
