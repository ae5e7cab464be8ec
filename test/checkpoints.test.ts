import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CHUNK_SIZE, PACK_CHUNKS } from '../src/compute/checkpoint-format.js';
import { createCheckpoints } from '../src/compute/checkpoints.js';
import { evaluateSlots } from '../src/compute/evaluate.js';
import { loadProcessContext } from '../src/compute/process-context.js';
import { createSlotReader } from '../src/compute/slot-reader.js';
import { libraryFingerprint } from '../src/runtime/fingerprint.js';
import { loadAosLibrary } from '../src/runtime/library.js';
import { hashMemory, PAGE_SIZE } from '../src/runtime/memory.js';
import { createProcessRuntime } from '../src/runtime/process-runtime.js';
import { type AosLog, COUNTER_HANDLER, createAosLog } from './support/aos-log.js';
import { chunkHashIn, countRows, manifestOf, overwritePack } from './support/checkpoint-rows.js';
import { errorOf } from './support/error-of.js';

const logs: AosLog[] = [];
afterEach(() => {
  for (const log of logs.splice(0)) log.store.close();
});

function setup(options: { writerCacheSize?: number } = {}) {
  const log = createAosLog();
  logs.push(log);
  const corrupt: string[] = [];
  const checkpoints = createCheckpoints({
    store: log.store,
    clock: () => 1_700_000_000_000,
    onCorrupt: (error) => corrupt.push(error.message),
    ...options,
  });
  const db = log.store.orm.$client;
  return { log, checkpoints, db, corrupt };
}

/** A memory of 4 KiB chunks, chunk i filled with byte `fills[i]` (0 = a zero chunk), its first byte i. */
function memoryOf(fills: number[]): Uint8Array {
  const memory = new Uint8Array(fills.length * CHUNK_SIZE);
  fills.forEach((fill, i) => {
    memory.fill(fill, i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE);
    memory[i * CHUNK_SIZE] = fill === 0 ? 0 : i % 256; // chunks with one fill still differ by their first byte
  });
  return memory;
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const base = { hashChain: 'chain', reason: 'interval' as const };

describe('checkpoints', () => {
  it('store a chunk shared by two checkpoints and two processes once', () => {
    const { log, checkpoints } = setup();
    const other = log.spawn('other');
    const memory = memoryOf([7, 0, 9, 7]);
    memory.copyWithin(3 * CHUNK_SIZE, 0, CHUNK_SIZE); // chunk 3 = chunk 0's bytes
    const first = checkpoints.save({ ...base, processId: log.processId, slot: 0, memory });
    expect(first).toMatchObject({ chunks: 4, zeroChunks: 1, newChunks: 2, newPacks: 1, created: true });
    expect(countRows(log.store, 'chunks')).toBe(2);
    expect(countRows(log.store, 'chunk_packs')).toBe(1);

    const again = checkpoints.save({ ...base, processId: other, slot: 0, memory });
    expect(again).toMatchObject({ chunks: 4, zeroChunks: 1, newChunks: 0, newPacks: 0, created: true });
    expect(countRows(log.store, 'chunks')).toBe(2);

    const changed = memory.slice();
    changed[2 * CHUNK_SIZE + 5] = 1;
    const later = checkpoints.save({ ...base, processId: log.processId, slot: 5, memory: changed });
    expect(later).toMatchObject({ newChunks: 1, newPacks: 1, created: true });
    expect(later.newBytes).toBeGreaterThan(32);
    // Only first checkpoints index their chunks: what changes later is the process's own churn.
    expect(countRows(log.store, 'chunks')).toBe(2);
    expect(manifestOf(log.store, log.processId, 5).map((e) => e.pack)).toEqual([1, 0, 2, 1]);
    expect(same(checkpoints.load(other, 0)!.memory, memory)).toBe(true);
    expect(same(checkpoints.load(log.processId, 5)!.memory, changed)).toBe(true);
  });

  it('never store an all-zero chunk and restore zero chunks as zeros', () => {
    const { log, checkpoints } = setup();
    const memory = memoryOf([0, 0, 3, 0, 4]);
    const saved = checkpoints.save({ ...base, processId: log.processId, slot: 0, memory });
    expect(saved).toMatchObject({ chunks: 5, zeroChunks: 3, newChunks: 2 });
    expect(countRows(log.store, 'chunks')).toBe(2);
    const loaded = checkpoints.load(log.processId, 0)!;
    expect(loaded.memory.byteLength).toBe(5 * CHUNK_SIZE);
    expect(same(loaded.memory, memory)).toBe(true);
    expect(loaded.memoryHash).toBe(hashMemory(memory));
  });

  it('trim trailing zero pages, so memories differing only in them give one checkpoint', () => {
    const { log, checkpoints } = setup();
    const memory = new Uint8Array(3 * PAGE_SIZE);
    memory.fill(5, 0, PAGE_SIZE);
    const saved = checkpoints.save({ ...base, processId: log.processId, slot: 0, memory });
    expect(saved).toMatchObject({ chunks: PAGE_SIZE / CHUNK_SIZE, zeroChunks: 0 });
    expect(checkpoints.load(log.processId, 0)!.memory.byteLength).toBe(PAGE_SIZE);
  });

  it('store a short last chunk and restore it to its length', () => {
    const { log, checkpoints } = setup();
    const memory = new Uint8Array(2 * CHUNK_SIZE + 100).fill(3);
    expect(checkpoints.save({ ...base, processId: log.processId, slot: 1, memory })).toMatchObject({
      chunks: 3,
      newChunks: 2, // chunk 1 repeats chunk 0
    });
    const loaded = checkpoints.load(log.processId, 1)!;
    expect(loaded.memory.byteLength).toBe(2 * CHUNK_SIZE + 100);
    expect(same(loaded.memory, memory)).toBe(true);
  });

  it('restore from the checkpoint with the highest slot at or below the target', async () => {
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
    expect((await checkpoints.stateSource.latestAtOrBelow(log.processId, 19))?.slot).toBe(10);
    expect(checkpoints.list(log.processId).map((c) => c.slot)).toEqual([3, 10, 20]);
  });

  it('pack the new chunks of a save by at most 64, and store only the changed chunks of the next save', () => {
    const { log, checkpoints } = setup();
    const fills = Array.from({ length: 2 * PACK_CHUNKS + 2 }, (_, i) => 1 + (i % 200));
    const memory = memoryOf(fills);
    expect(checkpoints.save({ ...base, processId: log.processId, slot: 1, memory })).toMatchObject({
      chunks: 130,
      newChunks: 130,
      newPacks: 3,
    });
    expect(manifestOf(log.store, log.processId, 1)[PACK_CHUNKS]).toEqual({ chunk: 64, pack: 2, idx: 0 });
    const next = memory.slice();
    for (const chunk of [0, 70, 129]) next[chunk * CHUNK_SIZE + 9] = 0xee;
    next.fill(0, 5 * CHUNK_SIZE, 6 * CHUNK_SIZE);
    const saved = checkpoints.save({ ...base, processId: log.processId, slot: 2, memory: next });
    expect(saved).toMatchObject({ chunks: 130, zeroChunks: 1, newChunks: 3, newPacks: 1 });
    expect(
      manifestOf(log.store, log.processId, 2)
        .filter((e) => e.pack === 4)
        .map((e) => e.chunk),
    ).toEqual([0, 70, 129]);
    expect(same(checkpoints.load(log.processId, 2)!.memory, next)).toBe(true);
    expect(same(checkpoints.load(log.processId, 1)!.memory, memory)).toBe(true);
  });

  it('save from one buffer changed in place between saves (a live memory), growing and shrinking, only what changed', () => {
    const { log, checkpoints } = setup();
    const live = new Uint8Array(40 * CHUNK_SIZE); // a live linear memory: the saves see its used part
    const expected: Uint8Array[] = [];
    const saveLive = (slot: number, used: number) => {
      const saved = checkpoints.save({
        ...base,
        processId: log.processId,
        slot,
        memory: live.subarray(0, used),
      });
      expected[slot] = live.slice(0, used);
      return saved;
    };
    live.set(memoryOf(Array.from({ length: 10 }, (_, i) => 1 + i)));
    expect(saveLive(1, 10 * CHUNK_SIZE)).toMatchObject({ chunks: 10, newChunks: 10 });
    // grows by three chunks (past the headroom of the first copy) and changes chunk 2 in place
    live[2 * CHUNK_SIZE + 5] = 0xaa;
    live.set(memoryOf([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 21, 22, 23]).subarray(10 * CHUNK_SIZE), 10 * CHUNK_SIZE);
    expect(saveLive(2, 13 * CHUNK_SIZE)).toMatchObject({ chunks: 13, newChunks: 4 });
    // changes chunk 12 and grows by one chunk, within the remembered memory's room
    live[12 * CHUNK_SIZE + 7] = 0xbb;
    live.fill(31, 13 * CHUNK_SIZE, 14 * CHUNK_SIZE);
    expect(saveLive(3, 14 * CHUNK_SIZE)).toMatchObject({ chunks: 14, newChunks: 2 });
    // shrinks to 8 chunks, then grows back with chunks 8..13 changed while out of sight
    live.fill(0, 8 * CHUNK_SIZE, 14 * CHUNK_SIZE);
    expect(saveLive(4, 8 * CHUNK_SIZE)).toMatchObject({ chunks: 8, newChunks: 0 });
    live.fill(41, 8 * CHUNK_SIZE, 14 * CHUNK_SIZE);
    live[0] = 0xcc;
    expect(saveLive(5, 14 * CHUNK_SIZE)).toMatchObject({ chunks: 14, newChunks: 2 });
    for (let slot = 1; slot <= 5; slot++) {
      expect(same(checkpoints.load(log.processId, slot)!.memory, expected[slot]!), `slot ${slot}`).toBe(true);
    }
  });

  it('find unchanged chunks after a restart by their hashes, and after a load by comparing with it', () => {
    const { log, checkpoints } = setup();
    const memory = memoryOf([1, 2, 3, 4, 5, 6]);
    checkpoints.save({ ...base, processId: log.processId, slot: 1, memory });
    const next = memory.slice();
    next[4 * CHUNK_SIZE + 1] = 99;
    // A new writer (a restarted node) remembers nothing: the hash index finds the unchanged chunks.
    const restarted = createCheckpoints({ store: log.store, clock: () => 0 });
    expect(restarted.save({ ...base, processId: log.processId, slot: 2, memory: next })).toMatchObject({
      newChunks: 1,
    });
    // Another one loads first: the loaded memory is what it compares the next save with.
    const loading = createCheckpoints({ store: log.store, clock: () => 0 });
    const loaded = loading.load(log.processId, 2)!;
    const third = next.slice();
    third[0] = 77;
    expect(loading.save({ ...base, processId: log.processId, slot: 3, memory: third })).toMatchObject({
      newChunks: 1,
    });
    expect(same(loaded.memory, next)).toBe(true); // the loaded memory was not written to
    expect(same(loading.load(log.processId, 3)!.memory, third)).toBe(true);
  });

  it('store a chunk whose hash prefix is indexed for other bytes, and restore it', () => {
    const { log, checkpoints, db } = setup();
    checkpoints.save({ ...base, processId: log.processId, slot: 1, memory: memoryOf([1]) });
    const other = log.spawn('other');
    const memory = memoryOf([1, 2]);
    const second = Buffer.from(memory.subarray(CHUNK_SIZE));
    const prefix = createHash('sha256').update(second).digest().readBigInt64BE(0);
    // Pretend chunk 1's prefix is taken by the chunk stored first (pack 1 #0).
    db.prepare('INSERT INTO chunks (hash_prefix, pack, idx) VALUES (?, 1, 0)').run(prefix);
    expect(checkpoints.save({ ...base, processId: other, slot: 2, memory })).toMatchObject({
      newChunks: 1,
    });
    expect(manifestOf(log.store, other, 2).map((e) => [e.pack, e.idx])).toEqual([
      [1, 0],
      [2, 0],
    ]);
    expect(same(checkpoints.load(other, 2)!.memory, memory)).toBe(true);
  });

  it('pack a chunk repeated within one save once', () => {
    const { log, checkpoints } = setup();
    const memory = memoryOf([5, 6, 0, 5]);
    memory.copyWithin(3 * CHUNK_SIZE, 0, CHUNK_SIZE);
    checkpoints.save({ ...base, processId: log.processId, slot: 1, memory: memoryOf([9]) });
    // A later checkpoint (no index lookups) still stores chunk 3 = chunk 0 once.
    expect(checkpoints.save({ ...base, processId: log.processId, slot: 2, memory })).toMatchObject({
      newChunks: 2,
      zeroChunks: 1,
    });
    expect(manifestOf(log.store, log.processId, 2).map((e) => [e.pack, e.idx])).toEqual([
      [2, 0],
      [2, 1],
      [0, 0],
      [2, 0],
    ]);
    expect(same(checkpoints.load(log.processId, 2)!.memory, memory)).toBe(true);
  });

  it('move the chunks still used from a pack the memory uses less than a quarter of into the new pack', () => {
    const { log, checkpoints } = setup();
    const memory = memoryOf(Array.from({ length: 64 }, (_, i) => 1 + i));
    checkpoints.save({ ...base, processId: log.processId, slot: 1, memory }); // pack 1: chunks 0–63
    const next = memory.slice();
    for (let chunk = 0; chunk < 50; chunk++) next[chunk * CHUNK_SIZE + 7] = 0xaa;
    // 14 of 64 chunks still in pack 1: under a quarter, so they move to pack 2 with the 50 changed ones.
    expect(checkpoints.save({ ...base, processId: log.processId, slot: 2, memory: next })).toMatchObject({
      newChunks: 64,
      movedChunks: 14,
      newPacks: 1,
    });
    expect(new Set(manifestOf(log.store, log.processId, 2).map((e) => e.pack))).toEqual(new Set([2]));
    const third = next.slice();
    for (let chunk = 0; chunk < 40; chunk++) third[chunk * CHUNK_SIZE + 8] = 0xbb;
    // 24 of 64 still in pack 2: a quarter or more, so they stay.
    expect(checkpoints.save({ ...base, processId: log.processId, slot: 3, memory: third })).toMatchObject({
      newChunks: 40,
      movedChunks: 0,
    });
    expect(same(checkpoints.load(log.processId, 3)!.memory, third)).toBe(true);
    expect(same(checkpoints.load(log.processId, 2)!.memory, next)).toBe(true);
  });

  it('detect a corrupted pack and name the checkpoint slot, the chunk and the pack', async () => {
    const { log, checkpoints, corrupt } = setup();
    checkpoints.save({ ...base, processId: log.processId, slot: 4, memory: memoryOf([1, 2]) });
    checkpoints.save({ ...base, processId: log.processId, slot: 9, memory: memoryOf([1, 2, 0, 6]) });
    expect(manifestOf(log.store, log.processId, 9)[3]).toEqual({ chunk: 3, pack: 2, idx: 0 });
    overwritePack(log.store, 2, 0x55);
    const error = errorOf(() =>
      createCheckpoints({ store: log.store, clock: () => 0 }).load(log.processId, 9),
    );
    expect(error).toMatchObject({
      code: 'CORRUPT',
      details: { slot: 9, chunk: 3, pack: 2, expected: chunkHashIn(log.store, 2, 0) },
    });
    expect(error.message).toContain('at slot 9: chunk 3 (pack 2 #0) hashes to');
    // The state source skips the corrupt checkpoint and uses the older one, reporting what it skipped.
    const skipped: string[] = [];
    expect(checkpoints.loadUsable(log.processId, 9, (e) => skipped.push(e.message))?.slot).toBe(4);
    expect(skipped).toHaveLength(1);
    expect((await checkpoints.stateSource.latestAtOrBelow(log.processId, 100))?.slot).toBe(4);
    expect(corrupt).toEqual([skipped[0]]);
  });

  it('report a pack that does not decompress, a missing pack and a manifest that does not decode', () => {
    const { log, checkpoints, db } = setup();
    checkpoints.save({ ...base, processId: log.processId, slot: 1, memory: memoryOf([8]) });
    db.exec('DROP TRIGGER chunk_packs_no_update');
    db.prepare('UPDATE chunk_packs SET data = ?').run(Buffer.from('not brotli at all'));
    expect(errorOf(() => checkpoints.load(log.processId, 1)).message).toBe(
      `checkpoint of process ${log.processId} at slot 1: chunk 0: pack 1 does not decompress`,
    );
    db.exec('DROP TRIGGER chunk_packs_no_delete');
    db.exec('DELETE FROM chunk_packs');
    expect(errorOf(() => checkpoints.load(log.processId, 1))).toMatchObject({
      code: 'CORRUPT',
      message: `checkpoint of process ${log.processId} at slot 1: chunk 0: pack 1 is missing`,
      details: { chunk: 0, pack: 1 },
    });
    db.exec('DROP TRIGGER checkpoints_no_update');
    db.prepare('UPDATE checkpoints SET manifest = ?').run(Buffer.from('garbage'));
    expect(errorOf(() => checkpoints.load(log.processId, 1)).message).toContain(
      'at slot 1: the manifest does not decode to 1 chunks of 4096 bytes',
    );
  });

  it('restore off the main thread to the same memory, and report the same corruption as a plain load', async () => {
    const { log, checkpoints, db } = setup();
    const memory = memoryOf(Array.from({ length: 150 }, (_, i) => 1 + (i % 100)));
    checkpoints.save({ ...base, processId: log.processId, slot: 3, memory });
    const loaded = await checkpoints.loadUsableAsync(log.processId, 10);
    expect(loaded?.slot).toBe(3);
    expect(same(loaded!.memory, memory)).toBe(true);
    expect(same((await checkpoints.stateSource.latestAtOrBelow(log.processId, 3))!.memory, memory)).toBe(
      true,
    );

    overwritePack(log.store, 2, 0x33);
    const plain = errorOf(() => checkpoints.load(log.processId, 3));
    const skipped: Error[] = [];
    expect(await checkpoints.loadUsableAsync(log.processId, 3, (e) => skipped.push(e))).toBeUndefined();
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ code: 'CORRUPT', message: plain.message, details: plain.details });
    expect(plain.message).toContain('at slot 3: chunk 64 (pack 2 #0) hashes to');

    db.prepare('UPDATE chunk_packs SET data = ? WHERE seq = 3').run(Buffer.from('not brotli'));
    const undecodable: string[] = [];
    await checkpoints.loadUsableAsync(log.processId, 3, (e) => undecodable.push(e.message));
    expect(undecodable).toEqual([
      `checkpoint of process ${log.processId} at slot 3: chunk 128: pack 3 does not decompress`,
    ]);
  });

  it('report a memory that reassembles but does not hash to the checkpoint memory hash', () => {
    const { log, checkpoints, db } = setup();
    checkpoints.save({ ...base, processId: log.processId, slot: 1, memory: memoryOf([8, 9]) });
    db.exec('DROP TRIGGER checkpoints_no_update');
    db.prepare(`UPDATE checkpoints SET memory_hash = '${'a'.repeat(64)}'`).run();
    expect(errorOf(() => checkpoints.load(log.processId, 1))).toMatchObject({
      code: 'CORRUPT',
      details: { expected: 'a'.repeat(64), actual: hashMemory(memoryOf([8, 9])) },
    });
  });

  it('write nothing for a checkpoint already stored and refuse a different memory at a stored slot', () => {
    const { log, checkpoints } = setup();
    const memory = memoryOf([1, 2]);
    checkpoints.save({ ...base, processId: log.processId, slot: 2, memory });
    expect(checkpoints.save({ ...base, processId: log.processId, slot: 2, memory })).toMatchObject({
      created: false,
      newChunks: 0,
      newBytes: 0,
      chunks: 2,
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
    expect(() => db.prepare('DELETE FROM chunk_packs').run()).toThrow('append-only: chunk_packs');
    expect(() => db.prepare('UPDATE chunks SET idx = 1').run()).toThrow('append-only: chunks');
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
    const context = loadProcessContext(log.store, log.processId, libraryFingerprint(loadAosLibrary()));
    const library = loadAosLibrary();
    const readSlots = createSlotReader(log.store, library.input, false);

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
