import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCompute } from '../../src/compute/compute.js';
import { createReadAheadReader, type ReadAheadReader, stopReadAhead } from '../../src/compute/read-ahead.js';
import { createInlineSlotReader, type PlannedSlot, type SlotOwner } from '../../src/compute/slot-plans.js';
import { verifyProcess } from '../../src/compute/verify.js';
import { loadAosLibrary } from '../../src/runtime/library.js';
import { openStore } from '../../src/store/open.js';
import { createSlotMessageReader } from '../../src/store/slot-messages.js';
import { type AosLog, COUNTER_HANDLER, createAosLog } from '../support/aos-log.js';
import { createItem } from '../support/log-items.js';
import { tempDir } from '../support/store-fixtures.js';

const folder = tempDir('aolite-read-ahead-');
let log: AosLog;
let owner: SlotOwner;
const open: ReadAheadReader[] = [];

/** Messages with what tends to break a plan: non-ASCII, quotes and backslashes in tags, empty data, JSON. */
function sendVaried(target: AosLog, count: number): void {
  for (let i = 0; i < count; i++) {
    switch (i % 5) {
      case 0:
        target.send([{ name: 'Action', value: 'Count' }], `plain ${i}`);
        break;
      case 1:
        target.send([{ name: 'Note', value: `snow ☃ ${i} "quoted" \\ back` }], 'données ✓ 😀');
        break;
      case 2:
        target.send(
          [{ name: 'Content-Type', value: 'application/json' }],
          JSON.stringify({ n: i, big: 2 ** 60 }),
        );
        break;
      case 3:
        target.send([{ name: 'Action', value: 'Count' }]);
        break;
      default:
        target.send([{ name: 'x-lower-case', value: String(i) }], 'x'.repeat(i));
    }
  }
}

beforeAll(() => {
  log = createAosLog({ path: join(folder.dir, 'log.sqlite') });
  log.sendEval(COUNTER_HANDLER);
  sendVaried(log, 600);
  const process = log.store.getProcess(log.processId)!;
  owner = { processId: log.processId, owner: process.owner, scheduler: process.scheduler };
});
afterAll(() => {
  log.store.close();
  folder.cleanup();
});
afterEach(() => {
  for (const reader of open.splice(0)) reader.close();
});

const inline = () => createInlineSlotReader(createSlotMessageReader(log.store), 'table');

function reader(
  path = log.store.path,
  onFallback?: (error: Error) => void,
  inlineReader = inline(),
): ReadAheadReader {
  const created = createReadAheadReader({
    path,
    input: 'table',
    inline: inlineReader,
    ...(onFallback ? { onFallback } : {}),
  });
  open.push(created);
  return created;
}

/** Plain arrays of a batch, to compare plans built on different threads. */
function plain(slots: PlannedSlot[]) {
  return slots.map(({ slot, messageId, message }) => ({
    slot,
    messageId,
    ops: Array.from(message.ops),
    bytes: Buffer.from(message.bytes).toString('hex'),
    integers: Array.from(message.integers, String),
    floats: Array.from(message.floats),
  }));
}

/** Reads full batches until one came from the read-ahead thread (it starts in the background). */
async function untilReadAhead(target: ReadAheadReader): Promise<void> {
  for (let i = 0; i < 2000 && target.stats.readAhead === 0; i++) {
    target.read(owner, 0, 50);
    target.read(owner, 50, 50);
    if (target.stats.readAhead === 0) await sleep(10);
  }
  expect(target.stats.readAhead).toBeGreaterThan(0);
}

describe('read-ahead of slot messages', () => {
  it('gives, batch after batch, exactly the plans the inline reader builds, most of them read on its own thread', async () => {
    const ahead = reader();
    await untilReadAhead(ahead);
    const before = { ...ahead.stats };
    const expected = inline();
    for (let from = 0; from <= log.lastSlot(); from += 64) {
      expect(plain(ahead.read(owner, from, 64))).toEqual(plain(expected.read(owner, from, 64)));
    }
    const served = ahead.stats.readAhead - before.readAhead + ahead.stats.inline - before.inline;
    expect(served).toBe(log.lastSlot() + 1);
    // Only the first batch of the walk is read here; each later one was asked for while the one before was in use.
    expect(ahead.stats.readAhead - before.readAhead).toBe(log.lastSlot() + 1 - 64);
  });

  it('returns every slot up to the end of the log, also those assigned after the batch was read ahead', async () => {
    const ahead = reader();
    await untilReadAhead(ahead);
    const last = log.lastSlot();
    const from = last - 99;
    expect(ahead.read(owner, from - 100, 100)).toHaveLength(100); // asks for [from, from + 100): 100 there
    sendVaried(log, 30);
    const got = ahead.read(owner, from, 130);
    expect(got.map((s) => s.slot)).toEqual(Array.from({ length: 130 }, (_, i) => from + i));
    expect(plain(got)).toEqual(plain(inline().read(owner, from, 130)));
  });

  it('serves a read that starts inside the batch read ahead, and reads the rest inline', async () => {
    const ahead = reader();
    await untilReadAhead(ahead);
    ahead.read(owner, 100, 100); // asks for [200, 300)
    const before = { ...ahead.stats };
    const got = ahead.read(owner, 250, 100);
    expect(got.map((s) => s.slot)).toEqual(Array.from({ length: 100 }, (_, i) => 250 + i));
    expect(plain(got)).toEqual(plain(inline().read(owner, 250, 100)));
    expect(ahead.stats.readAhead - before.readAhead).toBe(50);
    expect(ahead.stats.inline - before.inline).toBe(50);
  });

  it('falls back to reading inline, once and for good, when the thread cannot read the database', async () => {
    const warm = reader();
    await untilReadAhead(warm); // the shared thread is up
    const failures: Error[] = [];
    const broken = reader(join(folder.dir, 'missing.sqlite'), (error) => failures.push(error));
    const expected = inline();
    for (let from = 0; from < 300; from += 50) {
      expect(plain(broken.read(owner, from, 50))).toEqual(plain(expected.read(owner, from, 50)));
    }
    expect(failures).toHaveLength(1);
    expect(failures[0]!.message).toMatch(/unable to open database file/);
    expect(broken.active()).toBe(false);
    expect(broken.stats.readAhead).toBe(0);
    expect(broken.stats.inline).toBe(300);
  });
});

describe('read-ahead with several processes, files and failures', () => {
  it('keeps a batch read ahead per process when reads of two processes alternate', async () => {
    const second = log.spawn('second');
    for (let i = 0; i < 300; i++) {
      log.scheduler.schedule(
        createItem(
          { target: second, tags: [{ name: 'Action', value: 'Count' }], data: `second ${i}` },
          log.owner,
        ),
      );
    }
    const other: SlotOwner = { ...owner, processId: second };
    const ahead = reader();
    await untilReadAhead(ahead);
    const before = { ...ahead.stats };
    const expected = inline();
    for (let from = 0; from < 300; from += 50) {
      for (const who of [owner, other]) {
        expect(plain(ahead.read(who, from, 50))).toEqual(plain(expected.read(who, from, 50)));
      }
    }
    // Each process's first batch of this walk is read here (the second's very first one too); the rest was read ahead.
    expect(ahead.stats.inline - before.inline).toBe(100);
    expect(ahead.stats.readAhead - before.readAhead).toBe(500);
  });

  it('reads a database file replaced at the same path through a new connection, not the old one', async () => {
    const small = createAosLog({ path: join(folder.dir, 'small.sqlite') });
    sendVaried(small, 120);
    const first = reader();
    await untilReadAhead(first); // holds a connection to the big log's file
    const path = join(folder.dir, 'swap.sqlite');
    log.store.orm.$client.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(log.store.path, path);
    const old = reader(path);
    old.read(owner, 0, 50); // this reader's connection is to the big log
    small.store.orm.$client.pragma('wal_checkpoint(TRUNCATE)');
    // Another database at the same path (the old one's files removed, as a restore from a backup would)
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    copyFileSync(small.store.path, path);
    expect(small.processId).toBe(log.processId); // the same process, other messages
    const smallOwner: SlotOwner = { ...owner, processId: small.processId };
    const expected = createInlineSlotReader(createSlotMessageReader(small.store), 'table');
    const fresh = reader(
      path,
      undefined,
      createInlineSlotReader(createSlotMessageReader(small.store), 'table'),
    );
    for (let i = 0; i < 2000 && fresh.stats.readAhead === 0; i++) {
      expect(plain(fresh.read(smallOwner, 0, 40))).toEqual(plain(expected.read(smallOwner, 0, 40)));
      expect(plain(fresh.read(smallOwner, 40, 40))).toEqual(plain(expected.read(smallOwner, 40, 40)));
      if (fresh.stats.readAhead === 0) await sleep(10);
    }
    expect(fresh.stats.readAhead).toBeGreaterThan(0);
    small.store.close();
  });

  it('gives up at once, not after its wait, when the thread is gone while a batch is asked for', async () => {
    const failures: Error[] = [];
    const ahead = createReadAheadReader({
      path: log.store.path,
      input: 'table',
      inline: inline(),
      waitMs: 600_000,
      onFallback: (e) => failures.push(e),
    });
    open.push(ahead);
    await untilReadAhead(ahead);
    ahead.read(owner, 0, 50); // asks for [50, 100)
    await stopReadAhead();
    // Were the read to wait out its 600 s, this test would time out.
    expect(plain(ahead.read(owner, 50, 50))).toEqual(plain(inline().read(owner, 50, 50)));
    expect(failures).toHaveLength(1);
    expect(failures[0]!.message).toMatch(/read-ahead thread (was stopped|exited)/);
    expect(ahead.active()).toBe(false);
  });
});

describe('evaluation with read-ahead', () => {
  it('stores the same result hashes and ends in the same memory as evaluation reading inline, and verifies', async () => {
    const library = loadAosLibrary();
    const hashes: string[][] = [];
    const memory: string[] = [];
    for (const readAhead of [true, false]) {
      const path = join(folder.dir, `copy-${readAhead}.sqlite`);
      log.store.orm.$client.pragma('wal_checkpoint(TRUNCATE)');
      copyFileSync(log.store.path, path);
      const store = openStore({ path });
      try {
        const compute = createCompute({ store, library, readAhead, batchSize: 40 });
        const last = await compute.catchUp(log.processId);
        expect(last).toBe(log.lastSlot());
        await compute.close();
        const rows = store.orm.$client
          .prepare('SELECT hash FROM results WHERE process_id = ? ORDER BY slot')
          .pluck()
          .all(log.processId) as string[];
        hashes.push(rows);
        const report = await verifyProcess({
          store,
          library,
          processId: log.processId,
          from: 'genesis',
          readAhead,
        });
        expect(report.ok).toBe(true);
        if (report.ok) memory.push(report.memoryHash);
      } finally {
        store.close();
      }
    }
    expect(hashes[0]).toHaveLength(log.lastSlot() + 1);
    expect(hashes[0]).toEqual(hashes[1]);
    expect(memory).toHaveLength(2);
    expect(memory[0]).toBe(memory[1]);
  });
});
