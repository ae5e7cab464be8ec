import { AoliteError } from '../core/errors.js';
import type { ProcessRuntime } from '../runtime/process-runtime.js';
import type { AoEnv, EvalResult } from '../runtime/types.js';
import type { Store, StoredAssignment } from '../store/types.js';
import { envFor, messageFor } from './message.js';

const PAGE = 1000;

/** The env of a process from its logged Process and Module items. NOT_FOUND naming what is missing. */
export function processEnv(store: Store, processId: string): AoEnv {
  const processRow = store.getProcess(processId);
  if (processRow === undefined) throw new AoliteError('NOT_FOUND', `process ${processId} is not in the log`);
  const processItem = store.getItem(processId);
  const moduleItem = store.getItem(processRow.module);
  if (processItem === undefined || moduleItem === undefined) {
    throw new AoliteError(
      'NOT_FOUND',
      `process ${processId}: ${processItem === undefined ? 'its Process item' : `its module ${processRow.module}`} is not in the log`,
    );
  }
  return envFor(processItem, moduleItem);
}

/** Assignments of a process from `fromSlot` to `toSlot` (inclusive), in slot order, read in pages. */
export function* assignmentsFrom(
  store: Store,
  processId: string,
  fromSlot: number,
  toSlot: number,
): Generator<StoredAssignment> {
  let next = fromSlot;
  while (next <= toSlot) {
    const rows = store.assignmentsBySlot(processId, { fromSlot: next, toSlot, limit: PAGE });
    for (const row of rows) {
      if (row.slot !== next) {
        throw new AoliteError('INTERNAL', `process ${processId}: slot ${next} is missing from the log`);
      }
      yield row;
      next += 1;
    }
    if (rows.length < PAGE) return;
  }
}

/** Evaluates one assignment's message in `runtime`. */
export function evaluateAssignment(
  store: Store,
  runtime: ProcessRuntime,
  env: AoEnv,
  assignment: StoredAssignment,
): EvalResult {
  const item = store.getItem(assignment.messageId);
  if (item === undefined) {
    throw new AoliteError(
      'INTERNAL',
      `process ${assignment.processId} slot ${assignment.slot}: message ${assignment.messageId} is not in the log`,
    );
  }
  return runtime.handle(messageFor(item, assignment), env);
}
