import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CHUNK_SIZE } from '../src/compute/checkpoint-format.js';
import { type Checkpoints, createCheckpoints } from '../src/compute/checkpoints.js';
import { hashMemory } from '../src/runtime/memory.js';
import { type AosLog, createAosLog } from './support/aos-log.js';
import { manifestOf } from './support/checkpoint-rows.js';

const logs: AosLog[] = [];
afterEach(() => {
  for (const log of logs.splice(0)) log.store.close();
});

function setup() {
  const log = createAosLog();
  logs.push(log);
  return { log, checkpoints: createCheckpoints({ store: log.store, clock: () => 1_700_000_000_000 }) };
}

const base = { hashChain: 'chain', reason: 'interval' as const };
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** `chunks` chunks of bytes that differ chunk by chunk and with `seed` (a pseudo-random fill, no zero chunk). */
function randomMemory(chunks: number, seed: number): Uint8Array {
  const memory = new Uint8Array(chunks * CHUNK_SIZE);
  let x = Math.imul(seed, 2654435761) >>> 0;
  for (let i = 0; i < memory.length; i += 4) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    memory[i] = x >>> 24; // the high bits: the low ones of this generator repeat within 64 chunks
    memory[i + 1] = (x >>> 16) & 0xff;
  }
  return memory;
}

/** Changes one byte in each of `chunks` (in place): flips the bits that are 1 in `bits`. */
function touch(memory: Uint8Array, chunks: number[], bits: number): void {
  for (const chunk of chunks) memory[chunk * CHUNK_SIZE + 17]! ^= bits;
}

/** The same saves of a live memory (changed in place, growing) through `save` and through `saveAsync`. */
async function saveSequence(checkpoints: Checkpoints, processId: string, inSlices: boolean) {
  const live = new Uint8Array(700 * CHUNK_SIZE);
  live.set(randomMemory(600, 1));
  const steps: Array<{ used: number; change: () => void }> = [
    { used: 600 * CHUNK_SIZE, change: () => {} },
    { used: 600 * CHUNK_SIZE, change: () => touch(live, [0, 5, 64, 65, 300, 599], 0xa1) },
    { used: 650 * CHUNK_SIZE, change: () => live.set(randomMemory(50, 2), 600 * CHUNK_SIZE) },
    {
      used: 650 * CHUNK_SIZE,
      change: () =>
        touch(
          live,
          Array.from({ length: 200 }, (_, i) => i * 3),
          0xb2,
        ),
    },
    // a chunk zeroed, and two changed to the same bytes (packed once)
    {
      used: 650 * CHUNK_SIZE,
      change: () => {
        live.fill(0, 10 * CHUNK_SIZE, 11 * CHUNK_SIZE);
        touch(live, [21], 0x5a);
        live.copyWithin(20 * CHUNK_SIZE, 21 * CHUNK_SIZE, 22 * CHUNK_SIZE);
      },
    },
  ];
  const saved = [];
  const memories: Uint8Array[] = [];
  for (const [slot, step] of steps.entries()) {
    step.change();
    const input = { ...base, processId, slot, memory: live.subarray(0, step.used) };
    saved.push(inSlices ? await checkpoints.saveAsync(input) : checkpoints.save(input));
    memories.push(live.slice(0, step.used));
  }
  return { saved, memories };
}

describe('checkpoints saved in slices (saveAsync)', () => {
  it('store the same checkpoints as save: summaries, manifests, pack seqs and restored memories', async () => {
    const plain = setup();
    const sliced = setup();
    const a = await saveSequence(plain.checkpoints, plain.log.processId, false);
    const b = await saveSequence(sliced.checkpoints, sliced.log.processId, true);
    expect(b.saved).toEqual(a.saved);
    expect(b.saved.map((s) => [s.newChunks, s.newPacks, s.zeroChunks])).toEqual([
      [600, 10, 0],
      [6, 1, 0],
      [50, 1, 0],
      [200, 4, 0],
      [1, 1, 1],
    ]);
    const last = manifestOf(sliced.log.store, sliced.log.processId, 4);
    expect(last[20]).toMatchObject({ pack: last[21]!.pack, idx: last[21]!.idx });
    for (const [slot, memory] of b.memories.entries()) {
      expect(b.saved[slot]!.memoryHash).toBe(hashMemory(memory));
      expect(manifestOf(sliced.log.store, sliced.log.processId, slot)).toEqual(
        manifestOf(plain.log.store, plain.log.processId, slot),
      );
      expect(same(sliced.checkpoints.load(sliced.log.processId, slot)!.memory, memory), `slot ${slot}`).toBe(
        true,
      );
    }
  });

  it('compare with the latest checkpoint by hashes after a restart, as save does', async () => {
    const { log, checkpoints } = setup();
    const memory = randomMemory(100, 3);
    checkpoints.save({ ...base, processId: log.processId, slot: 1, memory });
    touch(memory, [7, 99], 0xc3);
    const restarted = createCheckpoints({ store: log.store, clock: () => 0 });
    const saved = await restarted.saveAsync({ ...base, processId: log.processId, slot: 2, memory });
    expect(saved).toMatchObject({ chunks: 100, newChunks: 2, newPacks: 1, created: true });
    expect(same(restarted.load(log.processId, 2)!.memory, memory)).toBe(true);
    // Saved again at the same slot: nothing written; a different memory there is refused.
    await expect(
      restarted.saveAsync({ ...base, processId: log.processId, slot: 2, memory }),
    ).resolves.toMatchObject({ created: false, newBytes: 0 });
    touch(memory, [8], 0xc4);
    await expect(restarted.saveAsync({ ...base, processId: log.processId, slot: 2, memory })).rejects.toThrow(
      /differs from the checkpoint already stored/,
    );
  });

  it('let the event loop run while saving, and renumber their packs past the packs of saves made meanwhile', async () => {
    const { log, checkpoints } = setup();
    const other = log.spawn('other');
    const big = randomMemory(2000, 4); // 4 slices of comparison, 32 packs when all new
    checkpoints.save({ ...base, processId: log.processId, slot: 1, memory: big });
    const next = big.slice();
    touch(
      next,
      Array.from({ length: 1000 }, (_, i) => i * 2),
      0xd5,
    );
    let done = false;
    const pending = checkpoints.saveAsync({ ...base, processId: log.processId, slot: 2, memory: next });
    pending.finally(() => {
      done = true;
    });
    // Another process saves on every turn until the sliced save is stored: its packs take seqs meanwhile.
    const otherMemories: Uint8Array[] = [];
    while (!done) {
      const memory = randomMemory(70, 10 + otherMemories.length);
      checkpoints.save({ ...base, processId: other, slot: otherMemories.length, memory });
      otherMemories.push(memory);
      await nextTurn();
    }
    const saved = await pending;
    expect(saved).toMatchObject({ chunks: 2000, newChunks: 1000, newPacks: 16 });
    expect(otherMemories.length).toBeGreaterThan(16);
    const packs = new Set(
      manifestOf(log.store, log.processId, 2)
        .map((e) => e.pack)
        .filter((pack) => pack > 32),
    );
    expect(packs.size).toBe(16);
    // The other process's packs were stored between the sliced save's: its 16 packs are not one run of seqs.
    expect(Math.max(...packs) - Math.min(...packs) + 1).toBeGreaterThan(16);
    expect(same(checkpoints.load(log.processId, 2)!.memory, next)).toBe(true);
    expect(same(checkpoints.load(log.processId, 1)!.memory, big)).toBe(true);
    for (const [slot, memory] of otherMemories.entries()) {
      expect(same(checkpoints.load(other, slot)!.memory, memory), `other slot ${slot}`).toBe(true);
    }
  });

  it('index the chunks of first saves made side by side, so a later process with the same memory stores nothing', async () => {
    const { log, checkpoints } = setup();
    const [x, y, z, twin] = ['x', 'y', 'z', 'twin'].map((name) => log.spawn(name)) as [
      string,
      string,
      string,
      string,
    ];
    const memX = randomMemory(700, 21);
    const memY = randomMemory(300, 22);
    let done = 0;
    const both = [
      checkpoints.saveAsync({ ...base, processId: x, slot: 0, memory: memX }),
      checkpoints.saveAsync({ ...base, processId: y, slot: 0, memory: memY }),
    ].map((save) => save.finally(() => done++));
    const zMemories: Uint8Array[] = [];
    while (done < 2) {
      const memory = randomMemory(70, 30 + zMemories.length);
      checkpoints.save({ ...base, processId: z, slot: zMemories.length, memory });
      zMemories.push(memory);
      await nextTurn();
    }
    const [savedX, savedY] = await Promise.all(both);
    expect(savedX).toMatchObject({ newChunks: 700, newPacks: 11 });
    expect(savedY).toMatchObject({ newChunks: 300, newPacks: 5 });
    expect(zMemories.length).toBeGreaterThan(5);
    // The twin's first save finds every chunk through the index rows the sliced saves wrote (renumbered).
    expect(checkpoints.save({ ...base, processId: twin, slot: 0, memory: memX })).toMatchObject({
      newChunks: 0,
      newPacks: 0,
    });
    expect(same(checkpoints.load(twin, 0)!.memory, memX)).toBe(true);
    expect(same(checkpoints.load(x, 0)!.memory, memX)).toBe(true);
    expect(same(checkpoints.load(y, 0)!.memory, memY)).toBe(true);
    for (const [slot, memory] of zMemories.entries()) {
      expect(same(checkpoints.load(z, slot)!.memory, memory), `z slot ${slot}`).toBe(true);
    }
  });

  it('refuse a second save of a process while one is under way', async () => {
    const { log, checkpoints } = setup();
    const memory = randomMemory(600, 40);
    const pending = checkpoints.saveAsync({ ...base, processId: log.processId, slot: 1, memory });
    await expect(
      checkpoints.saveAsync({ ...base, processId: log.processId, slot: 2, memory }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(() => checkpoints.save({ ...base, processId: log.processId, slot: 2, memory })).toThrow(
      /is being saved; save again once it is stored/,
    );
    await expect(pending).resolves.toMatchObject({ slot: 1, created: true });
    await expect(
      checkpoints.saveAsync({ ...base, processId: log.processId, slot: 2, memory }),
    ).resolves.toMatchObject({ slot: 2, newChunks: 0 });
  });
});
