import { setImmediate as yieldToLoop } from 'node:timers/promises';
import PQueue from 'p-queue';
import { decodeStoredResult } from '../compute/result-hash.js';
import { AoliteError } from '../core/errors.js';
import { createDeliveryStore, type DeliveryRecord } from '../store/deliveries.js';
import type { ResultRecord } from '../store/results.js';
import { createChainRate } from './chain-rate.js';
import { type ChainPosition, chainPosition, createSlotDeliverer, type DeliverContext } from './deliver.js';
import { lineageOf } from './lineage.js';
import { defaultMessengerLimits, type HeldChain, type Messenger, type MessengerDeps } from './types.js';

/** Per source process: queued or running, and whether results arrived meanwhile. */
interface Drain {
  again: boolean;
}

/** A source process held back by `maxChainRate` until `until` (messenger clock), with its wake-up. */
interface Hold {
  chain: Omit<HeldChain, 'retryInMs'>;
  until: number;
  timer: NodeJS.Timeout;
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
const MAX_CACHED_IDS = 100_000;

/** Adds to a bounded cache: past `max` entries it starts over (a cache miss only costs a query). */
function remember<K, V>(cache: Map<K, V>, key: K, value: V, max: number): void {
  if (cache.size >= max) cache.clear();
  cache.set(key, value);
}

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
  const now = deps.now ?? (() => performance.now());
  const rate = createChainRate(limits.maxChainRate, now);
  const reportedRoots = new Set<string>();
  const heldRoots = new Set<string>();
  const onHeld =
    deps.onHeld ??
    ((held: HeldChain) => {
      if (heldRoots.has(held.root)) return;
      if (heldRoots.size > MAX_CACHED_ROOTS) heldRoots.clear();
      heldRoots.add(held.root);
      console.warn(
        `aolite: the chain of ${held.root} made ${held.deliveries} deliveries within a second, reaching ` +
          `maxChainRate ${held.limit} (a message loop?): slot ${held.slot} of ${held.processId} and later ` +
          'slots of that process wait (further holds for this root not shown)',
      );
    });
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
  /** Chain positions of the items this messenger pushed (what `chainPosition` would read back). */
  const chains = new Map<string, ChainPosition>();
  const knownProcesses = new Set<string>();
  const unmonitored = new Set<string>();
  const holds = new Map<string, Hold>();
  let idleWaiters: (() => void)[] = [];
  let closed = false;

  const wakeIdle = (): void => {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

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
    isProcess(id) {
      if (knownProcesses.has(id)) return true;
      if (store.getProcess(id) === undefined) return false;
      if (knownProcesses.size >= MAX_CACHED_IDS) knownProcesses.clear();
      knownProcesses.add(id);
      return true;
    },
    onRecorded(row) {
      rootCounts.set(row.root, context.countForRoot(row.root) + 1);
      if (row.status === 'refused') {
        onRefused(row);
        return;
      }
      rate.count(row.root);
      if (row.kind !== 'assign' && row.messageId !== null && !chains.has(row.messageId)) {
        remember(chains, row.messageId, { root: row.root, depth: row.depth }, MAX_CACHED_IDS);
      }
    },
  };

  const chainOf = (messageId: string): ChainPosition =>
    chains.get(messageId) ?? chainPosition(deliveries, messageId, scheduler.address);

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

  /**
   * Delivers one batch of evaluated slots after the cursor in one transaction; false when there were none
   * or a chain past `maxChainRate` holds the process back (the cursor then stops before the held slot).
   */
  const deliverBatch = (processId: string): boolean => {
    if (holds.has(processId)) return false;
    const cursor = cursorOf(processId);
    const rows: ResultRecord[] = results.page(processId, { afterSlot: cursor, limit: batchSize });
    if (rows.length === 0) return false;
    let done = cursor;
    let held: { chain: Omit<HeldChain, 'retryInMs'>; waitMs: number } | undefined;
    try {
      held = store.transaction(() => {
        const deliverer = createSlotDeliverer(context);
        for (const row of rows) {
          if (row.error === null && !hasNoOutbox(row.result)) {
            const chain = chainOf(row.messageId);
            // Queued entries of this chain are counted once they are recorded: the bound sees them first.
            if (deliverer.pending(chain.root)) deliverer.flush();
            const waitMs = rate.holdFor(chain.root);
            if (waitMs !== undefined) {
              deliverer.flush();
              if (done !== cursor) deliveries.setCursor(processId, done);
              const { root } = chain;
              const limit = limits.maxChainRate;
              return {
                chain: { root, processId, slot: row.slot, deliveries: rate.inWindow(root), limit },
                waitMs,
              };
            }
            deliverer.deliver({
              processId,
              moduleId: moduleOf(processId),
              slot: row.slot,
              messageId: row.messageId,
              chain,
              result: decodeStoredResult(row.result),
            });
          }
          done = row.slot;
        }
        deliverer.flush();
        deliveries.setCursor(processId, done);
        return undefined;
      });
    } catch (error) {
      // Counted and cached rows were rolled back.
      rootCounts.clear();
      chains.clear();
      knownProcesses.clear();
      throw error;
    }
    cursors.set(processId, done);
    if (held === undefined) return true;
    hold(held.chain, held.waitMs);
    return false;
  };

  /** Holds `chain.processId` back until the chain's window is over, then delivers again. */
  const hold = (chain: Omit<HeldChain, 'retryInMs'>, waitMs: number): void => {
    const { processId } = chain;
    clearHold(processId);
    const timer = setTimeout(
      () => {
        if (holds.get(processId)?.timer !== timer) return;
        holds.delete(processId);
        notify(processId);
        wakeIdle();
      },
      Math.max(1, Math.ceil(waitMs)),
    );
    holds.set(processId, { chain, until: now() + waitMs, timer });
    onHeld({ ...chain, retryInMs: waitMs });
  };

  const clearHold = (processId: string): void => {
    const held = holds.get(processId);
    if (held === undefined) return;
    clearTimeout(held.timer);
    holds.delete(processId);
    wakeIdle();
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
    const held = holds.get(processId);
    if (held !== undefined) {
      if (now() < held.until) return; // its timer delivers once the window is over
      clearHold(processId);
    }
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

    async idle() {
      for (;;) {
        await queue.onIdle();
        if (closed || holds.size === 0) return;
        await new Promise<void>((resolve) => idleWaiters.push(resolve));
      }
    },
    pending: () => queue.size + queue.pending + holds.size,
    held: () =>
      [...holds.values()].map((held) => ({ ...held.chain, retryInMs: Math.max(0, held.until - now()) })),

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
      for (const processId of [...holds.keys()]) clearHold(processId);
      queue.clear();
      await queue.onIdle();
    },
  };
}
