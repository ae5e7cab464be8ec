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

export interface QueuedIngest {
  (raw: Uint8Array): Promise<IngestResult>;
  /** Posts being checked (signature verification) that have not yet joined the group commit or failed. */
  arriving(): number;
}

/**
 * The MU's front door for concurrent posts: the same checks as `createIngest` (empty body, signature,
 * protocol tags, spawn check, all before anything is written), then the item joins the next group
 * commit; the promise resolves once its assignment is committed. `arriving()` counts the posts still
 * being checked, for the group commit to wait for (GroupCommitDeps.arriving).
 */
export function createQueuedIngest(deps: QueuedIngestDeps): QueuedIngest {
  let arriving = 0;
  const ingest = async (raw: Uint8Array): Promise<IngestResult> => {
    if (raw.byteLength === 0) {
      throw new AoliteError('INVALID_DATA_ITEM', 'the request body is empty; post the raw signed data item');
    }
    arriving++;
    let item: DataItem;
    try {
      item = await deps.parseAndVerify(raw);
      const posted = classifyPostedItem(item, deps.schedulerAddress);
      if (posted.kind === 'process') deps.checkSpawn?.(item, posted.module);
    } catch (error) {
      arriving--;
      deps.groupCommit.arrivalsChanged();
      throw error;
    }
    arriving--; // and joins the group commit in the same synchronous step
    return { item, assignment: await deps.groupCommit.schedule(item) };
  };
  return Object.assign(ingest, { arriving: () => arriving });
}
