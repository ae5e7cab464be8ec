import { setImmediate as yieldToLoop } from 'node:timers/promises';
import PQueue from 'p-queue';
import { decodeStoredResult } from '../compute/result-hash.js';
import { AoliteError } from '../core/errors.js';
import { createDeliveryStore, type DeliveryRecord } from '../store/deliveries.js';
import type { ResultRecord } from '../store/results.js';
import { type DeliverContext, deliverSlot } from './deliver.js';
import { lineageOf } from './lineage.js';
import { defaultMessengerLimits, type Messenger, type MessengerDeps } from './types.js';

/** Per source process: queued or running, and whether results arrived meanwhile. */
interface Drain {
  again: boolean;
}

/** The canonical encoding of a result with nothing to deliver starts and ends like this (keys sorted). */
function hasNoOutbox(result: string): boolean {
  return (
    result.startsWith('{"Assignments":[],') &&
    result.endsWith(',"Spawns":[]}') &&
    result.includes('"Messages":[],"Output":')
  );
}

const MAX_CACHED_ROOTS = 10_000;

export function createMessenger(deps: MessengerDeps): Messenger {
  const { store, scheduler, results } = deps;
  const deliveries = deps.deliveries ?? createDeliveryStore(store);
  const limits = { ...defaultMessengerLimits, ...deps.limits };
  const batchSize = Math.max(1, Math.trunc(deps.batchSize ?? 256));
  const queue = new PQueue({ concurrency: Math.max(1, Math.trunc(deps.concurrency ?? 4)) });
  const onError =
    deps.onError ??
    ((processId: string, error: unknown) =>
      console.error(`aolite: delivering the outbox of ${processId} failed:`, error));
  const reportedRoots = new Set<string>();
  const onRefused =
    deps.onRefused ??
    ((row: DeliveryRecord) => {
      if (reportedRoots.has(row.root)) return;
      if (reportedRoots.size > MAX_CACHED_ROOTS) reportedRoots.clear();
      reportedRoots.add(row.root);
      console.warn(
        `aolite: refused an outbox entry (further refusals for this root not shown): ${row.error}`,
      );
    });

  const drains = new Map<string, Drain>();
  const cursors = new Map<string, number>();
  const modules = new Map<string, string>();
  const rootCounts = new Map<string, number>();
  const unmonitored = new Set<string>();
  let closed = false;

  const context: DeliverContext = {
    store,
    scheduler,
    signer: deps.signer,
    createItem: deps.createItem,
    deliveries,
    ...(deps.checkSpawn === undefined ? {} : { checkSpawn: deps.checkSpawn }),
    limits,
    countForRoot(root) {
      let count = rootCounts.get(root);
      if (count === undefined) {
        if (rootCounts.size >= MAX_CACHED_ROOTS) rootCounts.clear();
        count = deliveries.countForRoot(root);
        rootCounts.set(root, count);
      }
      return count;
    },
    onRecorded(row) {
      rootCounts.set(row.root, context.countForRoot(row.root) + 1);
      if (row.status === 'refused') onRefused(row);
    },
  };

  const cursorOf = (processId: string): number => {
    let cursor = cursors.get(processId);
    if (cursor === undefined) {
      cursor = deliveries.cursor(processId);
      cursors.set(processId, cursor);
    }
    return cursor;
  };

  const moduleOf = (processId: string): string => {
    let module = modules.get(processId);
    if (module === undefined) {
      module = store.getProcess(processId)?.module ?? '';
      modules.set(processId, module);
    }
    return module;
  };

  /** Delivers one batch of evaluated slots after the cursor in one transaction; false when none. */
  const deliverBatch = (processId: string): boolean => {
    const cursor = cursorOf(processId);
    const rows: ResultRecord[] = results.page(processId, { afterSlot: cursor, limit: batchSize });
    if (rows.length === 0) return false;
    const last = rows[rows.length - 1]!.slot;
    try {
      store.transaction(() => {
        for (const row of rows) {
          if (row.error !== null || hasNoOutbox(row.result)) continue;
          deliverSlot(context, {
            processId,
            moduleId: moduleOf(processId),
            slot: row.slot,
            messageId: row.messageId,
            result: decodeStoredResult(row.result),
          });
        }
        deliveries.setCursor(processId, last);
      });
    } catch (error) {
      rootCounts.clear(); // counted rows were rolled back
      throw error;
    }
    cursors.set(processId, last);
    return true;
  };

  /** Consecutive failed drains per process: the retry waits 1 s, 2 s, 4 s … up to a minute. */
  const failures = new Map<string, number>();
  const retries = new Set<NodeJS.Timeout>();

  const drain = async (processId: string, state: Drain): Promise<void> => {
    await null; // never inside the caller's (compute's) stack
    try {
      do {
        state.again = false;
        while (!closed && deliverBatch(processId)) await yieldToLoop();
      } while (state.again && !closed);
      failures.delete(processId);
    } catch (error) {
      onError(processId, error);
      const failed = (failures.get(processId) ?? 0) + 1;
      failures.set(processId, failed);
      const timer = setTimeout(
        () => {
          retries.delete(timer);
          notify(processId);
        },
        Math.min(60_000, 1000 * 2 ** (failed - 1)),
      );
      timer.unref();
      retries.add(timer);
    } finally {
      drains.delete(processId);
    }
  };

  const notify = (processId: string): void => {
    if (closed) return;
    const running = drains.get(processId);
    if (running !== undefined) {
      running.again = true;
      return;
    }
    const state: Drain = { again: false };
    drains.set(processId, state);
    void queue.add(() => drain(processId, state));
  };

  const assertCronProcess = (processId: string): void => {
    if (store.getProcess(processId) === undefined) {
      throw new AoliteError('NOT_FOUND', `process ${processId} is not a process here`, { processId });
    }
    if (!scheduler.cronProcesses().includes(processId)) {
      throw new AoliteError(
        'BAD_REQUEST',
        `process ${processId} declares no Cron-Interval, so it has nothing to tick`,
        {
          processId,
        },
      );
    }
  };

  return {
    notify,

    resume() {
      const behind = deliveries.behindCursor();
      for (const processId of behind) notify(processId);
      return behind.length;
    },

    idle: () => queue.onIdle(),
    pending: () => queue.size + queue.pending,

    lineage: (messageId) => lineageOf({ store, deliveries, nodeAddress: scheduler.address }, messageId),
    deliveriesOf: (processId, slot) => deliveries.ofSlot(processId, slot),

    monitor(processId) {
      assertCronProcess(processId);
      unmonitored.delete(processId);
      scheduler.tickCrons(processId);
    },

    unmonitor(processId) {
      assertCronProcess(processId);
      unmonitored.add(processId);
    },

    tickCrons() {
      if (closed) return 0;
      let ticks = 0;
      for (const processId of scheduler.cronProcesses()) {
        if (!unmonitored.has(processId)) ticks += scheduler.tickCrons(processId);
      }
      return ticks;
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const timer of retries) clearTimeout(timer);
      queue.clear();
      await queue.onIdle();
    },
  };
}
