import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyProcess } from '../src/compute/verify.js';
import { loadAosLibrary } from '../src/runtime/library.js';
import { createAosLog } from './support/aos-log.js';
import { chunkHashIn, manifestOf, overwritePack } from './support/checkpoint-rows.js';
import { createEvaluatedLog, type EvaluatedLog } from './support/evaluated-log.js';
import { tempDir } from './support/store-fixtures.js';

const library = loadAosLibrary();
const folder = tempDir('aolite-verify-');
afterAll(() => folder.cleanup());
const open: EvaluatedLog[] = [];
afterEach(() => {
  for (const log of open.splice(0)) log.store.close();
});

/** On a file the log is evaluated as a node evaluates it: read ahead, and results stored write-behind. */
let onFile = false;
let files = 0;
async function evaluated(): Promise<EvaluatedLog> {
  const log = await createEvaluatedLog(onFile ? { path: join(folder.dir, `log-${files++}.sqlite`) } : {});
  open.push(log);
  return log;
}

const verify = (log: EvaluatedLog, options: Partial<Parameters<typeof verifyProcess>[0]> = {}) =>
  verifyProcess({ store: log.store, library, processId: log.processId, from: 'genesis', ...options });

/**
 * A chunk pack used by the checkpoint at `slot` and by no earlier checkpoint, and the hash of its first
 * chunk in that checkpoint's memory order (the chunk a corruption of the pack is reported at).
 */
function packOnlyIn(log: EvaluatedLog, slot: number): { pack: number; firstHash: string } {
  const earlier = new Set(
    log.checkpoints
      .list(log.processId)
      .filter((c) => c.slot < slot)
      .flatMap((c) => manifestOf(log.store, log.processId, c.slot).map((e) => e.pack)),
  );
  const entry = manifestOf(log.store, log.processId, slot).find((e) => e.pack !== 0 && !earlier.has(e.pack));
  if (!entry) throw new Error(`checkpoint ${slot} has no pack of its own`);
  return { pack: entry.pack, firstHash: chunkHashIn(log.store, entry.pack, entry.idx) };
}

describe.each([
  { where: 'in memory', file: false },
  { where: 'on a file', file: true },
])('verify, log $where', ({ file }) => {
  beforeAll(() => {
    onFile = file;
  });

  it('reports OK for an untouched log, comparing every result and every checkpoint it passes', async () => {
    const log = await evaluated();
    expect(log.lastSlot()).toBe(241);
    expect(log.checkpoints.list(log.processId).map((c) => c.slot)).toEqual([49, 99, 149, 199]);
    expect(log.checkpoints.list(log.processId).every((c) => /^[\w-]{43}$/.test(c.resultHash ?? ''))).toBe(
      true,
    );
    const progress: string[] = [];
    const report = await verify(log, { onProgress: (done, total) => progress.push(`${done}/${total}`) });
    expect(report).toMatchObject({
      ok: true,
      start: { kind: 'genesis' },
      fromSlot: 0,
      toSlot: 241,
      slots: 242,
      checkpoints: 4,
      skipped: [],
    });
    // One report per batch; batches end at every checkpoint slot to compare its memory there.
    expect(progress).toEqual(['50/242', '100/242', '150/242', '200/242', '242/242']);
  });

  it('gives the same memory hash replaying from genesis and from every checkpoint', async () => {
    const log = await evaluated();
    const genesis = await verify(log);
    if (!genesis.ok) throw new Error('the log does not verify');
    expect(genesis.memoryHash).toMatch(/^[0-9a-f]{64}$/);
    for (const slot of [49, 99, 149, 199]) {
      const fromCheckpoint = await verify(log, { from: 'checkpoint', checkpointAtOrBelow: slot });
      expect(fromCheckpoint).toMatchObject({
        ok: true,
        start: { kind: 'checkpoint', slot },
        fromSlot: slot + 1,
        slots: 241 - slot,
        memoryHash: genesis.memoryHash,
      });
    }
    expect(await verify(log, { from: 'checkpoint' })).toMatchObject({ ok: true, start: { slot: 199 } });
  });

  it('verifies up to --to only, and refuses a slot not evaluated yet or beyond the log', async () => {
    const log = await evaluated();
    expect(await verify(log, { toSlot: 120 })).toMatchObject({
      ok: true,
      toSlot: 120,
      slots: 121,
      checkpoints: 2,
    });
    // the log ends at 241: no waiting brings slot 242
    await expect(verify(log, { toSlot: 242 })).rejects.toThrow(
      `process ${log.processId} has no slot 242 (its latest is 241)`,
    );
    // slot 241 logged but (with its result removed) not evaluated
    const db = log.store.orm.$client;
    db.exec('DROP TRIGGER results_no_delete');
    db.prepare('DELETE FROM results WHERE process_id = ? AND slot = 241').run(log.processId);
    await expect(verify(log, { toSlot: 241 })).rejects.toThrow(
      `slot 241 of process ${log.processId} is not evaluated yet (the last evaluated slot is 240)`,
    );
  });

  it('reports a result row whose hash was altered at its exact slot with both hashes', async () => {
    const log = await evaluated();
    const db = log.store.orm.$client;
    const original = (db.prepare('SELECT hash FROM results WHERE slot = 137').get() as { hash: string }).hash;
    db.exec('DROP TRIGGER results_no_update');
    db.prepare("UPDATE results SET hash = 'tampered' WHERE slot = 137").run();
    for (const from of [
      { from: 'genesis' as const },
      { from: 'checkpoint' as const, checkpointAtOrBelow: 120 },
    ]) {
      expect(await verify(log, from)).toMatchObject({
        ok: false,
        slot: 137,
        kind: 'result',
        expected: 'tampered',
        actual: original,
      });
    }
    // Replaying from a checkpoint after the altered slot does not see it.
    expect(await verify(log, { from: 'checkpoint' })).toMatchObject({ ok: true, start: { slot: 199 } });
  });

  it('lets the event loop run between batches (a long replay does not freeze the node)', async () => {
    const log = await evaluated();
    let turns = 0;
    let done = false;
    const turn = (): void => {
      turns += 1;
      if (!done) setImmediate(turn);
    };
    setImmediate(turn);
    const report = await verify(log, { batchSize: 10 });
    done = true;
    expect(report.ok).toBe(true);
    // 242 slots in batches of at most 10 (and cut at each checkpoint): a turn of the loop after each.
    expect(turns).toBeGreaterThanOrEqual(25);
  });

  it('reports a slot lost from the log (a gap) at that slot, not as an internal error', async () => {
    const log = await evaluated();
    const db = log.store.orm.$client;
    const stored = (db.prepare('SELECT hash FROM results WHERE slot = 120').get() as { hash: string }).hash;
    db.exec('PRAGMA foreign_keys = OFF; DROP TRIGGER assignments_no_delete');
    db.prepare('DELETE FROM assignments WHERE process_id = ? AND slot = 120').run(log.processId);
    const gap = await verify(log);
    expect(gap).toMatchObject({ ok: false, slot: 120, kind: 'result', expected: stored });
    expect(gap.ok === false && gap.actual).toBe('(no assignment in the log)');
    expect(gap.ok === false && gap.detail).toContain('has no slot 120 in the log (the next is 121)');
    db.prepare('DELETE FROM assignments WHERE process_id = ? AND slot = 241').run(log.processId);
    expect(await verify(log, { from: 'checkpoint' })).toMatchObject({ ok: false, slot: 241, kind: 'result' });
  });

  it('reports a result row whose text was altered though its hash was not', async () => {
    const log = await evaluated();
    const db = log.store.orm.$client;
    db.exec('DROP TRIGGER results_no_update');
    db.prepare(
      `UPDATE results SET result = replace(result, '"GasUsed":', '"GasUsed":1') WHERE slot = 12`,
    ).run();
    const report = await verify(log);
    expect(report).toMatchObject({ ok: false, slot: 12, kind: 'result' });
    if (report.ok) throw new Error('unreachable');
    expect(report.detail).toBe('the stored result of slot 12 no longer matches its stored hash');
    expect(report.actual).not.toBe(report.expected);
  });

  it('reports an altered checkpoint chunk pack at its checkpoint slot, and starts from an older checkpoint', async () => {
    const log = await evaluated();
    const victim = packOnlyIn(log, 149);
    overwritePack(log.store, victim.pack, 7);
    const report = await verify(log);
    expect(report).toMatchObject({
      ok: false,
      slot: 149,
      kind: 'checkpoint',
      expected: victim.firstHash,
    });
    if (report.ok) throw new Error('unreachable');
    expect(report.actual).toMatch(/^[0-9a-f]{64}$/);
    expect(report.actual).not.toBe(victim.firstHash);
    expect(report.detail).toContain(`at slot 149: chunk`);
    expect(report.detail).toContain(`(pack ${victim.pack} #`);

    // From the checkpoint at or below 150: 149 is corrupt, so the replay starts at 99 and meets it.
    const fromCheckpoint = await verify(log, { from: 'checkpoint', checkpointAtOrBelow: 150 });
    expect(fromCheckpoint).toMatchObject({ ok: false, slot: 149, kind: 'checkpoint', start: { slot: 99 } });
  });

  it('reports the first divergent slot when a later checkpoint of the same batch differs too', async () => {
    const log = await evaluated();
    const db = log.store.orm.$client;
    db.exec('DROP TRIGGER results_no_update');
    db.exec('DROP TRIGGER checkpoints_no_update');
    db.prepare("UPDATE results SET hash = 'tampered' WHERE slot = 148").run();
    db.prepare(`UPDATE checkpoints SET memory_hash = '${'0'.repeat(64)}' WHERE slot = 149`).run();
    expect(await verify(log)).toMatchObject({ ok: false, slot: 148, kind: 'result', expected: 'tampered' });
    db.prepare("UPDATE results SET hash = 'tampered' WHERE slot = 240").run();
    expect(await verify(log, { from: 'checkpoint' })).toMatchObject({ ok: false, slot: 240, kind: 'result' });
  });

  it('reports a checkpoint whose memory hash differs from the replay', async () => {
    const log = await evaluated();
    const db = log.store.orm.$client;
    db.exec('DROP TRIGGER checkpoints_no_update');
    db.prepare(`UPDATE checkpoints SET memory_hash = '${'0'.repeat(64)}' WHERE slot = 99`).run();
    expect(await verify(log)).toMatchObject({
      ok: false,
      slot: 99,
      kind: 'memory',
      expected: '0'.repeat(64),
    });
  });

  it("reports a checkpoint whose hash chain or result hash is not the slot's", async () => {
    const log = await evaluated();
    const db = log.store.orm.$client;
    db.exec('DROP TRIGGER checkpoints_no_update');
    db.prepare("UPDATE checkpoints SET hash_chain = 'not-the-chain' WHERE slot = 149").run();
    expect(await verify(log)).toMatchObject({
      ok: false,
      slot: 149,
      kind: 'checkpoint',
      expected: 'not-the-chain',
    });
    db.prepare("UPDATE checkpoints SET result_hash = 'not-the-result' WHERE slot = 99").run();
    expect(await verify(log)).toMatchObject({
      ok: false,
      slot: 99,
      kind: 'checkpoint',
      expected: 'not-the-result',
    });
  });

  it('refuses an unknown process and a process with nothing evaluated', async () => {
    const log = await evaluated();
    await expect(
      verifyProcess({ store: log.store, library, processId: 'x'.repeat(43), from: 'genesis' }),
    ).rejects.toThrow('is not a process here');
    const fresh = createAosLog();
    try {
      await expect(
        verifyProcess({ store: fresh.store, library, processId: fresh.processId, from: 'genesis' }),
      ).rejects.toThrow('has no evaluated slots to verify yet');
    } finally {
      fresh.store.close();
    }
  });
});
