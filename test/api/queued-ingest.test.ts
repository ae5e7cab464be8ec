import { afterEach, describe, expect, it } from 'vitest';
import { createQueuedIngest } from '../../src/api/http/queued-ingest.js';
import { AoliteError } from '../../src/core/errors.js';
import type { DataItem } from '../../src/core/types.js';
import { createGroupCommit } from '../../src/scheduler/index.js';
import { openStore } from '../../src/store/open.js';
import { messageItem, testSigner } from '../support/log-items.js';
import { scheduledProcess } from '../support/scheduled-process.js';

const user = testSigner('user');
const signer = testSigner('node');
const t0 = 1_700_000_000_000;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A queued ingest whose "verification" waits until the test releases or refuses each item. */
function setup() {
  const store = openStore({ path: ':memory:' });
  cleanups.push(() => store.close());
  const { scheduler, processId } = scheduledProcess({ store, signer, user, t0 });
  const verifying = new Map<string, { release: () => void; refuse: () => void }>();
  const batches: number[] = [];
  const ingest = createQueuedIngest({
    schedulerAddress: signer.address,
    parseAndVerify: (raw) =>
      new Promise<DataItem>((resolve, reject) => {
        const item = items.find((i) => i.raw === raw)!;
        verifying.set(item.id, {
          release: () => resolve(item),
          refuse: () => reject(new AoliteError('INVALID_SIGNATURE', `item ${item.id}: bad signature`)),
        });
      }),
    groupCommit: createGroupCommit({
      scheduler: {
        scheduleMany: (batch) => {
          batches.push(batch.length);
          return scheduler.scheduleMany(batch);
        },
      },
      arriving: () => ingest.arriving(),
      maxWaitMs: 60_000,
    }),
  });
  const items = [1, 2, 3].map((i) => messageItem(user, processId, i));
  return { ingest, items, verifying, batches };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('queued ingest', () => {
  it('counts posts under verification as arriving, and commits them together once all have arrived', async () => {
    const { ingest, items, verifying, batches } = setup();
    const posts = items.map((item) => ingest(item.raw));
    expect(ingest.arriving()).toBe(3);
    verifying.get(items[0]!.id)!.release();
    await settle();
    expect(ingest.arriving()).toBe(2);
    expect(batches).toEqual([]); // waits for the two still being verified
    verifying.get(items[1]!.id)!.release();
    verifying.get(items[2]!.id)!.release();
    const slots = (await Promise.all(posts)).map((r) => r.assignment.slot);
    expect(slots).toEqual([1, 2, 3]);
    expect(batches).toEqual([3]);
    expect(ingest.arriving()).toBe(0);
  });

  it('stops counting a refused post and commits the others without waiting for it', async () => {
    const { ingest, items, verifying, batches } = setup();
    const good = ingest(items[0]!.raw);
    const bad = ingest(items[1]!.raw).catch((error: unknown) => (error as AoliteError).code);
    verifying.get(items[0]!.id)!.release();
    await settle();
    expect(batches).toEqual([]);
    verifying.get(items[1]!.id)!.refuse();
    expect(await bad).toBe('INVALID_SIGNATURE');
    expect((await good).assignment.slot).toBe(1);
    expect(batches).toEqual([1]);
    expect(ingest.arriving()).toBe(0);
  });

  it('refuses an empty body before counting it', async () => {
    const { ingest } = setup();
    const code = await ingest(new Uint8Array(0)).catch((error: unknown) => (error as AoliteError).code);
    expect(code).toBe('INVALID_DATA_ITEM');
    expect(ingest.arriving()).toBe(0);
  });
});
