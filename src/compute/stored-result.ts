import { AoliteError } from '../core/errors.js';
import type { ResultRecord, ResultStore } from '../store/results.js';
import type { Store } from '../store/types.js';
import { decodeStoredResult } from './result-hash.js';
import type { Evaluation, ResultAt } from './types.js';

/** The slot a result read names: the slot itself, or the slot its message has in the process. */
export function slotOfResult(store: Store, processId: string, at: ResultAt): number {
  if ('slot' in at) {
    if (!Number.isSafeInteger(at.slot) || at.slot < 0) {
      throw new AoliteError('BAD_REQUEST', `slot must be a non-negative integer, got ${at.slot}`);
    }
    return at.slot;
  }
  const assignment = store.assignmentOf(processId, at.messageId);
  if (assignment === undefined) {
    throw new AoliteError('NOT_FOUND', `message ${at.messageId} is not assigned to process ${processId}`, {
      processId,
      messageId: at.messageId,
    });
  }
  return assignment.slot;
}

export function evaluationOf(processId: string, slot: number, row: ResultRecord): Evaluation {
  return {
    processId,
    slot,
    messageId: row.messageId,
    hash: row.hash,
    result: decodeStoredResult(row.result),
  };
}

/**
 * The slot a read names and its stored result, without loading the process (which this node may not be
 * able to run any more: checkModuleLibrary): a stored result is a fact of the log. `evaluation` is
 * undefined while the slot is not evaluated; the whole answer is undefined for an unknown process (the
 * compute unit answers both). Throws as `slotOfResult`. The slot is handed on, so it is looked up once.
 */
export function storedResultOf(
  store: Store,
  results: ResultStore,
  processId: string,
  at: ResultAt,
): { slot: number; evaluation: Evaluation | undefined } | undefined {
  if (store.getProcess(processId) === undefined) return undefined;
  const slot = slotOfResult(store, processId, at);
  const stored = results.at(processId, slot);
  return { slot, evaluation: stored === undefined ? undefined : evaluationOf(processId, slot, stored) };
}
