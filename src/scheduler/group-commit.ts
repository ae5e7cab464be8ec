import { AoliteError } from '../core/errors.js';
import type { DataItem } from '../core/types.js';
import type { ScheduledAssignment, Scheduler } from './types.js';

export interface GroupCommitDeps {
  /** Anything with the scheduler's `scheduleMany` (one write transaction for the whole batch). */
  scheduler: Pick<Scheduler, 'scheduleMany'>;
  /**
   * Most items per transaction (default 64: a few ms of work, so one commit never holds the event loop
   * long); a longer queue is committed in several transactions, one per turn of the event loop.
   */
  maxBatch?: number;
  /**
   * Told of every committed batch, after its transaction has committed and before its callers are
   * answered. Must not throw.
   */
  onCommitted?: (assignments: readonly ScheduledAssignment[]) => void;
}

/**
 * Group commit for concurrent writers (HTTP posts): `schedule` queues a verified item and resolves once
 * the transaction that assigned it has COMMITTED; the items queued in one turn of the event loop go into
 * one `scheduleMany` transaction on the next check phase (setImmediate), in the order they were queued
 * (at most `maxBatch` per transaction and turn; the rest follow on the next turns).
 * A refused item rejects with its own AoliteError and leaves the others of its batch intact;
 * a failed commit rejects every item of that batch, and none of them was acknowledged. So what is
 * acknowledged is on disk and slots stay gap-free: the scheduler still assigns one item at a time.
 */
export interface GroupCommit {
  schedule(item: DataItem): Promise<ScheduledAssignment>;
  /** Items queued and not yet committed. */
  pending(): number;
  /** Commits everything queued now, synchronously (shutdown, tests). */
  flush(): void;
  /** Flushes, then refuses new items with UNAVAILABLE. */
  close(): void;
}

interface Waiter {
  item: DataItem;
  resolve: (assignment: ScheduledAssignment) => void;
  reject: (error: unknown) => void;
}

export function createGroupCommit(deps: GroupCommitDeps): GroupCommit {
  const maxBatch = Math.max(1, Math.trunc(deps.maxBatch ?? 64));
  let queue: Waiter[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let closed = false;

  const commit = (batch: Waiter[]): void => {
    let results: ReturnType<Scheduler['scheduleMany']>;
    try {
      results = deps.scheduler.scheduleMany(batch.map((w) => w.item));
    } catch (error) {
      for (const waiter of batch) waiter.reject(error);
      return;
    }
    const committed: ScheduledAssignment[] = [];
    for (const result of results) if (!(result instanceof AoliteError)) committed.push(result);
    if (committed.length > 0) deps.onCommitted?.(committed);
    for (let i = 0; i < batch.length; i++) {
      const result = results[i]!;
      if (result instanceof AoliteError) batch[i]!.reject(result);
      else batch[i]!.resolve(result);
    }
  };

  /** Commits the first `maxBatch` queued items. */
  const commitNext = (): void => {
    const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
    queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
    commit(batch);
  };

  /** One batch per turn of the event loop, so a long queue never holds it for long. */
  const onTurn = (): void => {
    scheduled = undefined;
    commitNext();
    if (queue.length > 0) scheduled = setImmediate(onTurn);
  };

  const flush = (): void => {
    if (scheduled !== undefined) {
      clearImmediate(scheduled);
      scheduled = undefined;
    }
    while (queue.length > 0) commitNext();
  };

  return {
    schedule(item) {
      if (closed) {
        return Promise.reject(new AoliteError('UNAVAILABLE', 'the node is shutting down; post again later'));
      }
      return new Promise<ScheduledAssignment>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        scheduled ??= setImmediate(onTurn);
      });
    },
    pending: () => queue.length,
    flush,
    close() {
      flush();
      closed = true;
    },
  };
}
