import { AoliteError } from '../core/errors.js';
import type { DataItem } from '../core/types.js';
import type { ScheduledAssignment, Scheduler } from '../scheduler/index.js';
import { classifyPostedItem } from './classify.js';

export interface IngestDeps {
  scheduler: Scheduler;
  /** Decodes and verifies a signed item; throws an AoliteError naming the problem. */
  parseAndVerify: (raw: Uint8Array) => DataItem;
  /**
   * Checks a spawn before anything is stored: throws an AoliteError when the process names a module that
   * is not in the log or carries limit tags that do not parse. Default: no check.
   */
  checkSpawn?: (item: DataItem, module: string) => void;
}

export interface IngestResult {
  item: DataItem;
  assignment: ScheduledAssignment;
}

/**
 * The MU's front door: a raw signed data item in, its assignment out. Verification and the protocol-tag
 * checks happen before anything is written; the scheduler then logs and assigns it in one transaction,
 * so a refused item leaves nothing behind.
 */
export function createIngest(deps: IngestDeps): (raw: Uint8Array) => IngestResult {
  return (raw) => {
    if (raw.byteLength === 0) {
      throw new AoliteError('INVALID_DATA_ITEM', 'the request body is empty; post the raw signed data item');
    }
    const item = deps.parseAndVerify(raw);
    const posted = classifyPostedItem(item, deps.scheduler.address);
    if (posted.kind === 'process') deps.checkSpawn?.(item, posted.module);
    return { item, assignment: deps.scheduler.schedule(item) };
  };
}
