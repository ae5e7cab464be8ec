import { AoliteError } from '../../core/errors.js';
import type { DataItem } from '../../core/types.js';
import { classifyPostedItem } from '../../messenger/classify.js';
import type { IngestResult } from '../../messenger/ingest.js';
import type { GroupCommit } from '../../scheduler/group-commit.js';

export interface QueuedIngestDeps {
  /** The scheduler's address (a spawn must name it). */
  schedulerAddress: string;
  /** Decodes and verifies a signed item (maybe on another thread); throws/rejects with an AoliteError. */
  parseAndVerify: (raw: Uint8Array) => DataItem | Promise<DataItem>;
  /** Throws an AoliteError when a spawn names a module that is not in the log or bad limit tags. */
  checkSpawn?: (item: DataItem, module: string) => void;
  groupCommit: GroupCommit;
}

/**
 * The MU's front door for concurrent posts: the same checks as `createIngest` (empty body, signature,
 * protocol tags, spawn check, all before anything is written), then the item joins the next group
 * commit; the promise resolves once its assignment is committed.
 */
export function createQueuedIngest(deps: QueuedIngestDeps): (raw: Uint8Array) => Promise<IngestResult> {
  return async (raw) => {
    if (raw.byteLength === 0) {
      throw new AoliteError('INVALID_DATA_ITEM', 'the request body is empty; post the raw signed data item');
    }
    const item = await deps.parseAndVerify(raw);
    const posted = classifyPostedItem(item, deps.schedulerAddress);
    if (posted.kind === 'process') deps.checkSpawn?.(item, posted.module);
    return { item, assignment: await deps.groupCommit.schedule(item) };
  };
}
