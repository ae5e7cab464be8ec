import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AoliteError } from '../../src/core/errors.js';
import type { DataItem } from '../../src/core/types.js';
import { createGroupCommit, createScheduler, type Scheduler } from '../../src/scheduler/index.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import {
  createItem,
  itemId,
  messageItem,
  moduleItem,
  processItem,
  testSigner,
} from '../support/log-items.js';
import { scheduledProcess } from '../support/scheduled-process.js';
import { manualClock, tempDir } from '../support/store-fixtures.js';

const user = testSigner('user');
const signer = testSigner('node');
const t0 = 1_700_000_000_000;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A scheduler on a SQLite file, a second connection to read what is committed, and a batch counter. */
function setup() {
  const { dir, cleanup } = tempDir('aolite-group-commit-');
  const path = join(dir, 'log.sqlite');
  const store = openStore({ path });
  const reader = openStore({ path });
  cleanups.push(
    cleanup,
    () => store.close(),
    () => reader.close(),
  );
  const { scheduler, processId } = scheduledProcess({ store, signer, user, t0 });
  const batches: number[] = [];
  const counting: Pick<Scheduler, 'scheduleMany'> = {
    scheduleMany(items) {
      batches.push(items.length);
      return scheduler.scheduleMany(items);
    },
  };
  return { store, reader, scheduler, processId, batches, counting };
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof AoliteError ? error.code : String(error);
  }
};

describe('group commit', () => {
  it('commits 50 concurrent items in one transaction and answers each only once another connection sees it', async () => {
    const { reader, processId, batches, counting } = setup();
    const group = createGroupCommit({ scheduler: counting });
    const items = Array.from({ length: 50 }, (_, i) => messageItem(user, processId, i));
    const seen = await Promise.all(
      items.map(async (item) => {
        const assignment = await group.schedule(item);
        // Acknowledged means committed: a separate connection already reads the row.
        return [assignment.slot, reader.assignmentOf(processId, item.id)?.slot];
      }),
    );
    expect(batches).toEqual([50]);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => [i + 1, i + 1]));
    expect(reader.latestAssignment(processId)?.slot).toBe(50);
  });

  it('rejects a refused item with its own error and commits the rest of its batch', async () => {
    const { reader, processId, counting } = setup();
    const group = createGroupCommit({ scheduler: counting });
    const first = messageItem(user, processId, 1);
    const stray = messageItem(user, itemId('nowhere'), 2);
    const outcomes = await Promise.all(
      [first, stray, messageItem(user, processId, 3), first].map((item) => codeOf(group.schedule(item))),
    );
    expect(outcomes).toEqual(['resolved', 'NOT_FOUND', 'resolved', 'DUPLICATE']);
    expect(reader.hasItem(stray.id)).toBe(false);
    expect(reader.latestAssignment(processId)?.slot).toBe(2);
  });

  it('rejects every item of a batch whose transaction fails, and nothing of it is stored', async () => {
    const { reader, processId, scheduler } = setup();
    const failing: Pick<Scheduler, 'scheduleMany'> = {
      scheduleMany: () => {
        throw new AoliteError('UNAVAILABLE', 'the database is locked');
      },
    };
    const group = createGroupCommit({ scheduler: failing });
    const outcomes = await Promise.all(
      [1, 2, 3].map((i) => codeOf(group.schedule(messageItem(user, processId, i)))),
    );
    expect(outcomes).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE']);
    expect(reader.latestAssignment(processId)?.slot).toBe(0);
    // The scheduler itself is untouched: the next message takes slot 1.
    expect(scheduler.schedule(messageItem(user, processId, 4)).slot).toBe(1);
  });

  it('splits a queue longer than maxBatch into transactions of at most maxBatch, one per loop turn, in arrival order', async () => {
    const { processId, batches, counting } = setup();
    const committed: number[][] = [];
    const events: (number | string)[] = [];
    const group = createGroupCommit({
      scheduler: counting,
      maxBatch: 4,
      onCommitted: (assignments) => {
        committed.push(assignments.map((a) => a.slot));
        events.push(assignments.length);
      },
    });
    const pending = Array.from({ length: 10 }, (_, i) => group.schedule(messageItem(user, processId, i)));
    setImmediate(() => events.push('other work'));
    const slots = await Promise.all(pending);
    expect(batches).toEqual([4, 4, 2]);
    // Other work queued meanwhile runs between the first and the second transaction.
    expect(events).toEqual([4, 'other work', 4, 2]);
    expect(slots.map((a) => a.slot)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(committed).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);
  });

  it('lets a short batch wait for items still arriving, so they share one transaction', async () => {
    const { processId, batches, counting } = setup();
    let arriving = 3;
    const group = createGroupCommit({ scheduler: counting, arriving: () => arriving, maxWaitMs: 60_000 });
    const first = group.schedule(messageItem(user, processId, 1));
    arriving--;
    // Several turns of the event loop pass while two more are on their way: nothing is committed yet.
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([]);
    expect(group.pending()).toBe(1);
    arriving -= 2;
    const rest = [2, 3].map((i) => group.schedule(messageItem(user, processId, i)));
    const slots = (await Promise.all([first, ...rest])).map((a) => a.slot);
    expect(batches).toEqual([3]);
    expect(slots).toEqual([1, 2, 3]);
  });

  it('commits a waiting batch once an arriving item is refused instead of queued', async () => {
    const { processId, batches, counting } = setup();
    let arriving = 2;
    const group = createGroupCommit({ scheduler: counting, arriving: () => arriving, maxWaitMs: 60_000 });
    const first = group.schedule(messageItem(user, processId, 1));
    arriving--;
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([]);
    arriving--; // refused (say, a bad signature): it will never be queued
    group.arrivalsChanged();
    expect((await first).slot).toBe(1);
    expect(batches).toEqual([1]);
  });

  it('stops waiting for arriving items after maxWaitMs, and never waits once maxBatch items are queued', async () => {
    const { processId, batches, counting } = setup();
    const stuck = createGroupCommit({ scheduler: counting, arriving: () => 5, maxWaitMs: 1 });
    expect((await stuck.schedule(messageItem(user, processId, 1))).slot).toBe(1);
    expect(batches).toEqual([1]);
    const full = createGroupCommit({
      scheduler: counting,
      arriving: () => 5,
      maxWaitMs: 60_000,
      maxBatch: 2,
    });
    const slots = await Promise.all([2, 3].map((i) => full.schedule(messageItem(user, processId, i))));
    expect(slots.map((a) => a.slot)).toEqual([2, 3]);
    expect(batches).toEqual([1, 2]);
  });

  it('commits a waiting batch at once when flushed', async () => {
    const { reader, processId, counting } = setup();
    const group = createGroupCommit({ scheduler: counting, arriving: () => 1, maxWaitMs: 60_000 });
    const queued = group.schedule(messageItem(user, processId, 1));
    group.flush();
    expect(reader.latestAssignment(processId)?.slot).toBe(1);
    expect((await queued).slot).toBe(1);
  });

  it('commits what is queued when closed, then refuses new items with UNAVAILABLE', async () => {
    const { reader, processId, counting } = setup();
    const group = createGroupCommit({ scheduler: counting });
    const queued = group.schedule(messageItem(user, processId, 1));
    expect(group.pending()).toBe(1);
    group.close();
    expect(group.pending()).toBe(0);
    expect(reader.latestAssignment(processId)?.slot).toBe(1);
    expect((await queued).slot).toBe(1);
    expect(await codeOf(group.schedule(messageItem(user, processId, 2)))).toBe('UNAVAILABLE');
  });
});

describe('scheduleMany', () => {
  /** Schedules the same items on two fresh stores, one transaction each vs one batch, same clock. */
  function both(build: (module: string) => DataItem[], tick: number) {
    const runs = ['one by one', 'batched'].map((mode) => {
      const store: Store = openStore({ path: ':memory:' });
      cleanups.push(() => store.close());
      const time = manualClock(t0);
      const clock = () => {
        time.advance(tick);
        return time.clock();
      };
      const scheduler = createScheduler({ store, signer, createItem, clock, blockIntervalMs: 1000 });
      const module = moduleItem(user);
      store.insertItem(module, t0);
      const items = build(module.id);
      const results =
        mode === 'batched'
          ? scheduler.scheduleMany(items)
          : items.map((item) => {
              try {
                return scheduler.schedule(item);
              } catch (error) {
                return error as AoliteError;
              }
            });
      return { store, results };
    });
    return runs as [(typeof runs)[0], (typeof runs)[0]];
  }

  it('gives a batch exactly the slots, links, timestamps and blocks that one transaction per item gives', () => {
    const [single, batched] = both((module) => {
      const a = processItem(user, { module, scheduler: signer.address, name: 'a' });
      const b = processItem(user, { module, scheduler: signer.address, name: 'b' });
      const items: DataItem[] = [a, b];
      for (let i = 0; i < 40; i++) items.push(messageItem(user, i % 3 === 0 ? b.id : a.id, i));
      items.push(messageItem(user, itemId('nowhere'), 'stray'), items[5]!);
      return items;
    }, 70); // 70 ms per item: blocks of 1000 ms are sealed in the middle of the batch
    const summary = (r: (typeof single)['results'][number]) =>
      r instanceof AoliteError ? r.code : [r.processId, r.slot, r.hashChain, r.timestamp, r.blockHeight];
    expect(batched.results.map(summary)).toEqual(single.results.map(summary));
    expect(batched.results.slice(-2).map(summary)).toEqual(['NOT_FOUND', 'DUPLICATE']);
    expect(batched.store.latestBlock()).toEqual(single.store.latestBlock());
    expect(batched.store.latestBlock()!.height).toBeGreaterThan(1);
  });

  it('keeps the other items of a batch when one fails after it has started writing', () => {
    const [, batched] = both((module) => {
      const p = processItem(user, { module, scheduler: signer.address });
      const good = messageItem(user, p.id, 1);
      // Its data is not the tail of its bytes: the store refuses it when it is written.
      const broken = { ...messageItem(user, p.id, 2), data: new TextEncoder().encode('forged') };
      return [p, good, broken, messageItem(user, p.id, 3)];
    }, 1);
    const codes = batched.results.map((r) => (r instanceof AoliteError ? r.code : r.slot));
    expect(codes).toEqual([0, 1, 'INVALID_DATA_ITEM', 2]);
    const processId = (batched.results[0] as { processId: string }).processId;
    expect(batched.store.assignmentsBySlot(processId).map((a) => a.slot)).toEqual([0, 1, 2]);
  });
});
