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
   * How many items are on their way to `schedule` now (e.g. posts whose signature is being verified on
   * another thread). While some are, a batch smaller than `maxBatch` waits for them, at most `maxWaitMs`
   * after its first item was queued, so the posts of one burst share one transaction (each commit writes
   * every page it dirtied: fewer, larger commits write far fewer pages per item). Default: none waited for.
   */
  arriving?: () => number;
  /** Longest wait (ms) of a queued item for arriving ones (default 2). */
  maxWaitMs?: number;
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
 * (at most `maxBatch` per transaction and turn; the rest follow on the next turns). With `arriving`, a
 * short batch first waits (a timer, never a busy loop) until nothing more is arriving, `maxBatch` items
 * are queued, or its first item has waited `maxWaitMs`.
 * A refused item rejects with its own AoliteError and leaves the others of its batch intact;
 * a failed commit rejects every item of that batch, and none of them was acknowledged. So what is
 * acknowledged is on disk and slots stay gap-free: the scheduler still assigns one item at a time.
 */
export interface GroupCommit {
  schedule(item: DataItem): Promise<ScheduledAssignment>;
  /** Items queued and not yet committed. */
  pending(): number;
  /** Re-checks a batch waiting for arriving items (call when one was refused instead of queued). */
  arrivalsChanged(): void;
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
  const maxWaitMs = Math.max(0, deps.maxWaitMs ?? 2);
  const arriving = deps.arriving;
  let queue: Waiter[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  /** Set while a short batch waits for arriving items. */
  let waiting: NodeJS.Timeout | undefined;
  /** When the oldest queued item was queued (performance.now()). */
  let firstQueuedAt = 0;
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
    firstQueuedAt = performance.now();
    commit(batch);
  };

  /** Whether the queue should wait for arriving items rather than commit on this turn. */
  const shouldWait = (): boolean =>
    arriving !== undefined &&
    queue.length < maxBatch &&
    arriving() > 0 &&
    performance.now() - firstQueuedAt < maxWaitMs;

  const stopWaiting = (): void => {
    if (waiting !== undefined) clearTimeout(waiting);
    waiting = undefined;
  };

  /** Commits on the next check phase, or waits for arriving items (a timer bounds the wait). */
  const arm = (): void => {
    if (scheduled !== undefined) return;
    if (shouldWait()) {
      waiting ??= setTimeout(
        () => {
          waiting = undefined;
          scheduled ??= setImmediate(onTurn);
        },
        Math.max(0, maxWaitMs - (performance.now() - firstQueuedAt)),
      );
      return;
    }
    stopWaiting();
    scheduled = setImmediate(onTurn);
  };

  /** One batch per turn of the event loop, so a long queue never holds it for long. */
  const onTurn = (): void => {
    scheduled = undefined;
    stopWaiting();
    commitNext();
    if (queue.length > 0) arm();
  };

  const flush = (): void => {
    if (scheduled !== undefined) {
      clearImmediate(scheduled);
      scheduled = undefined;
    }
    stopWaiting();
    while (queue.length > 0) commitNext();
  };

  return {
    schedule(item) {
      if (closed) {
        return Promise.reject(new AoliteError('UNAVAILABLE', 'the node is shutting down; post again later'));
      }
      return new Promise<ScheduledAssignment>((resolve, reject) => {
        if (queue.length === 0) firstQueuedAt = performance.now();
        queue.push({ item, resolve, reject });
        arm();
      });
    },
    pending: () => queue.length,
    arrivalsChanged() {
      if (queue.length > 0 && waiting !== undefined) arm();
    },
    flush,
    close() {
      flush();
      closed = true;
    },
  };
}
