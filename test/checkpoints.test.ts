import { brotliCompressSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createCheckpoints } from '../src/compute/checkpoints.js';
import { evaluateSlots } from '../src/compute/evaluate.js';
import { loadProcessContext } from '../src/compute/process-context.js';
import { loadAosLibrary } from '../src/runtime/library.js';
import { hashMemory, PAGE_SIZE } from '../src/runtime/memory.js';
import { createProcessRuntime } from '../src/runtime/process-runtime.js';
import { createSlotMessageReader } from '../src/store/slot-messages.js';
import { type AosLog, COUNTER_HANDLER, createAosLog } from './support/aos-log.js';
import { errorOf } from './support/error-of.js';

const logs: AosLog[] = [];
afterEach(() => {
  for (const log of logs.splice(0)) log.store.close();
});

function setup() {
  const log = createAosLog();
  logs.push(log);
  const corrupt: string[] = [];
  const checkpoints = createCheckpoints({
    store: log.store,
    clock: () => 1_700_000_000_000,
    onCorrupt: (error) => corrupt.push(error.message),
  });
  const db = log.store.orm.$client;
  const pageRows = () => (db.prepare('SELECT count(*) AS n FROM pages').get() as { n: number }).n;
  return { log, checkpoints, db, pageRows, corrupt };
}

/** A memory of `pages` 64 KiB pages, page i filled with byte `fills[i]` (0 = a zero page). */
function memoryOf(fills: number[]): Uint8Array {
  const memory = new Uint8Array(fills.length * PAGE_SIZE);
  fills.forEach((fill, i) => {
    memory.fill(fill, i * PAGE_SIZE, (i + 1) * PAGE_SIZE);
    memory[i * PAGE_SIZE] = fill === 0 ? 0 : i; // pages with one fill still differ by their first byte
  });
  return memory;
}

const base = { hashChain: 'chain', reason: 'interval' as const };

describe('checkpoints', () => {
  it('store a page shared by two checkpoints and two processes once', () => {
    const { log, checkpoints, pageRows } = setup();
    const other = log.spawn('other');
    const memory = memoryOf([7, 0, 9, 7]);
    memory[3 * PAGE_SIZE] = 0; // page 3 = page 0's bytes
    memory[0] = 0;
    const first = checkpoints.save({ ...base, processId: log.processId, slot: 0, memory });
    expect(first).toMatchObject({ pages: 4, zeroPages: 1, newPages: 2, created: true });
    expect(pageRows()).toBe(2);

    const again = checkpoints.save({ ...base, processId: other, slot: 0, memory });
    expect(again).toMatchObject({ pages: 4, zeroPages: 1, newPages: 0, newBytes: 0, created: true });
    expect(pageRows()).toBe(2);

    const changed = memory.slice();
    changed[2 * PAGE_SIZE + 5] = 1;
    const later = checkpoints.save({ ...base, processId: log.processId, slot: 5, memory: changed });
    expect(later).toMatchObject({ newPages: 1, created: true });
    expect(later.newBytes).toBeGreaterThan(0);
    expect(pageRows()).toBe(3);
    expect(Buffer.from(checkpoints.load(other, 0)!.memory).equals(Buffer.from(memory))).toBe(true);
    expect(Buffer.from(checkpoints.load(log.processId, 5)!.memory).equals(Buffer.from(changed))).toBe(true);
  });

  it('never store an all-zero page and restore zero pages as zeros', () => {
    const { log, checkpoints, pageRows } = setup();
    const memory = memoryOf([0, 0, 3, 0, 4]);
    const saved = checkpoints.save({ ...base, processId: log.processId, slot: 0, memory });
    expect(saved).toMatchObject({ pages: 5, zeroPages: 3, newPages: 2 });
    expect(pageRows()).toBe(2);
    const loaded = checkpoints.load(log.processId, 0)!;
    expect(loaded.memory.byteLength).toBe(5 * PAGE_SIZE);
    expect(Buffer.from(loaded.memory).equals(Buffer.from(memory))).toBe(true);
    expect(loaded.memoryHash).toBe(hashMemory(memory));
  });

  it('trim trailing zero pages, so memories differing only in them give one checkpoint', () => {
    const { log, checkpoints } = setup();
    const saved = checkpoints.save({
      ...base,
      processId: log.processId,
      slot: 0,
      memory: memoryOf([5, 0, 0]),
    });
    expect(saved).toMatchObject({ pages: 1, zeroPages: 0 });
    expect(checkpoints.load(log.processId, 0)!.memory.byteLength).toBe(PAGE_SIZE);
  });

  it('restore from the checkpoint with the highest slot at or below the target', () => {
    const { log, checkpoints } = setup();
    for (const slot of [3, 10, 20]) {
      checkpoints.save({ ...base, processId: log.processId, slot, memory: memoryOf([slot]) });
    }
    expect(checkpoints.load(log.processId, 2)).toBeUndefined();
    expect(checkpoints.load(log.processId, 3)?.slot).toBe(3);
    expect(checkpoints.load(log.processId, 15)?.slot).toBe(10);
    expect(checkpoints.load(log.processId, 20)?.slot).toBe(20);
    expect(checkpoints.load(log.processId, 1_000_000)?.memory[1]).toBe(20);
    expect(checkpoints.load(log.spawn('empty'), 100)).toBeUndefined();
    expect(checkpoints.stateSource.latestAtOrBelow(log.processId, 19)?.slot).toBe(10);
    expect(checkpoints.list(log.processId).map((c) => c.slot)).toEqual([3, 10, 20]);
  });

  it('detect a corrupted page and name its checkpoint slot and page index', () => {
    const { log, checkpoints, db, corrupt } = setup();
    checkpoints.save({ ...base, processId: log.processId, slot: 4, memory: memoryOf([1, 2]) });
    checkpoints.save({ ...base, processId: log.processId, slot: 9, memory: memoryOf([1, 2, 0, 6]) });
    const table = (
      db.prepare('SELECT page_table AS t FROM checkpoints WHERE slot = 9').get() as { t: Buffer }
    ).t;
    const victim = table.subarray(3 * 32, 4 * 32);
    db.exec('DROP TRIGGER pages_no_update');
    db.prepare('UPDATE pages SET data = ? WHERE hash = ?').run(
      brotliCompressSync(Buffer.alloc(PAGE_SIZE, 0x55)),
      victim,
    );
    const error = errorOf(() => checkpoints.load(log.processId, 9));
    expect(error).toMatchObject({ code: 'CORRUPT', details: { slot: 9, page: 3 } });
    expect(error.message).toContain('at slot 9: page 3 hashes to');
    // The state source skips the corrupt checkpoint and uses the older one, reporting what it skipped.
    const skipped: string[] = [];
    expect(checkpoints.loadUsable(log.processId, 9, (e) => skipped.push(e.message))?.slot).toBe(4);
    expect(skipped).toHaveLength(1);
    expect(checkpoints.stateSource.latestAtOrBelow(log.processId, 100)?.slot).toBe(4);
    expect(corrupt).toEqual([skipped[0]]);
  });

  it('report a missing page and a page that does not decompress', () => {
    const { log, checkpoints, db } = setup();
    checkpoints.save({ ...base, processId: log.processId, slot: 1, memory: memoryOf([8]) });
    db.exec('DROP TRIGGER pages_no_update');
    db.prepare('UPDATE pages SET data = ?').run(Buffer.from('not brotli at all'));
    expect(errorOf(() => checkpoints.load(log.processId, 1)).message).toMatch(
      /at slot 1: page 0 \([0-9a-f]{64}\) does not decompress/,
    );
    db.exec('DROP TRIGGER pages_no_delete');
    db.exec('DELETE FROM pages');
    expect(errorOf(() => checkpoints.load(log.processId, 1)).message).toMatch(
      /page 0 \([0-9a-f]{64}\) is missing/,
    );
  });

  it('write nothing for a checkpoint already stored and refuse a different memory at a stored slot', () => {
    const { log, checkpoints } = setup();
    const memory = memoryOf([1, 2]);
    checkpoints.save({ ...base, processId: log.processId, slot: 2, memory });
    expect(checkpoints.save({ ...base, processId: log.processId, slot: 2, memory })).toMatchObject({
      created: false,
      newPages: 0,
      pages: 2,
    });
    const error = errorOf(() =>
      checkpoints.save({ ...base, processId: log.processId, slot: 2, memory: memoryOf([1, 3]) }),
    );
    expect(error.message).toContain('slot 2: memory hash');
    expect(error.message).toContain('not deterministic');
  });

  it('are never updated or deleted once written', () => {
    const { log, checkpoints, db } = setup();
    checkpoints.save({ ...base, processId: log.processId, slot: 2, memory: memoryOf([1]) });
    expect(() => db.prepare("UPDATE checkpoints SET reason = 'x'").run()).toThrow('append-only: checkpoints');
    expect(() => db.prepare('DELETE FROM checkpoints').run()).toThrow('append-only: checkpoints');
    expect(() => db.prepare('DELETE FROM pages').run()).toThrow('append-only: pages');
  });

  it('restore an aos process that continues to the same memory hashes as an uninterrupted run, from every checkpoint', async () => {
    const { log, checkpoints } = setup();
    log.sendEval(COUNTER_HANDLER);
    for (let i = 1; i <= 200; i++) {
      if (i % 40 === 0) log.sendEval(`Names = Names or {} Names[#Names + 1] = string.rep('n', ${i})`);
      else
        log.send([
          { name: 'Action', value: 'Count' },
          { name: 'Quantity', value: String(i) },
        ]);
    }
    const last = log.lastSlot();
    expect(last).toBe(201);
    const context = loadProcessContext(log.store, log.processId);
    const readSlots = createSlotMessageReader(log.store);
    const library = loadAosLibrary();

    const hashes: string[] = [];
    const resultHashes: string[] = [];
    const runtime = await createProcessRuntime({ library, limits: context.limits });
    for (let slot = 0; slot <= last; slot++) {
      const [row] = evaluateSlots(readSlots, context, runtime, slot, 1);
      expect(row?.error).toBeNull();
      resultHashes.push(row!.hash);
      hashes.push(runtime.memoryHash());
      if (slot % 50 === 0) {
        checkpoints.save({
          processId: log.processId,
          slot,
          hashChain: log.store.assignmentsBySlot(log.processId, { fromSlot: slot, toSlot: slot })[0]!
            .hashChain,
          memory: runtime.snapshot(),
          reason: 'interval',
        });
      }
    }
    expect(runtime.snapshot().byteLength).toBeGreaterThan(PAGE_SIZE);
    runtime.close();
    expect(new Set(hashes).size).toBe(hashes.length);

    const slots = checkpoints.list(log.processId).map((c) => c.slot);
    expect(slots).toEqual([0, 50, 100, 150, 200]);
    for (const slot of slots) {
      const loaded = checkpoints.load(log.processId, slot)!;
      expect(loaded.memoryHash).toBe(hashes[slot]);
      const restored = await createProcessRuntime({
        library,
        limits: context.limits,
        snapshot: loaded.memory,
      });
      expect(restored.memoryHash()).toBe(hashes[slot]);
      for (let next = slot + 1; next <= last; next++) {
        const [row] = evaluateSlots(readSlots, context, restored, next, 1);
        expect(row?.hash).toBe(resultHashes[next]);
        expect(restored.memoryHash(), `slot ${next} after restoring slot ${slot}`).toBe(hashes[next]);
      }
      restored.close();
    }
  });
});
