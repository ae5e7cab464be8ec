import { afterEach, describe, expect, it } from 'vitest';
import { verifyProcess } from '../../src/compute/verify.js';
import { loadAosLibrary } from '../../src/runtime/library.js';
import { createProcessRuntime, type ProcessRuntimeOptions } from '../../src/runtime/process-runtime.js';
import { createEvaluatedLog, type EvaluatedLog } from '../support/evaluated-log.js';

const library = loadAosLibrary();
let log: EvaluatedLog | undefined;
afterEach(() => {
  log?.store.close();
  log = undefined;
});

describe('verification replay', () => {
  it('replays in one runtime with rollback bases 1024 slots apart, from genesis and from a checkpoint', async () => {
    log = await createEvaluatedLog({ messages: 80, everySlots: 40 });
    const created: ProcessRuntimeOptions[] = [];
    const createRuntime = (options: ProcessRuntimeOptions) => {
      created.push(options);
      return createProcessRuntime(options);
    };
    const base = { store: log.store, library, processId: log.processId, createRuntime };
    const genesis = await verifyProcess({ ...base, from: 'genesis' });
    const first = log.checkpoints.list(log.processId)[0]!;
    const checkpoint = await verifyProcess({ ...base, from: 'checkpoint', checkpointAtOrBelow: first.slot });
    expect(genesis.ok && checkpoint.ok).toBe(true);
    if (!genesis.ok || !checkpoint.ok) return;
    expect(genesis.slots).toBe(log.lastSlot() + 1);
    expect(checkpoint.start).toEqual({ kind: 'checkpoint', slot: first.slot });
    expect(checkpoint.fromSlot).toBe(first.slot + 1);
    expect(checkpoint.memoryHash).toBe(genesis.memoryHash);
    expect(created.map((o) => [o.rebaseEvery, o.snapshot === undefined])).toEqual([
      [1024, true],
      [1024, false],
    ]);
  });

  it('reports a result row whose text was altered under an unchanged hash at its slot', async () => {
    log = await createEvaluatedLog({ messages: 30, everySlots: 1000 });
    const db = log.store.orm.$client;
    db.exec('DROP TRIGGER results_no_update');
    db.prepare(
      `UPDATE results SET result = replace(result, 'GasUsed', 'GasUsed ') WHERE process_id = ? AND slot = 17`,
    ).run(log.processId);
    const report = await verifyProcess({
      store: log.store,
      library,
      processId: log.processId,
      from: 'genesis',
    });
    expect(report).toMatchObject({
      ok: false,
      slot: 17,
      kind: 'result',
      detail: 'the stored result of slot 17 no longer matches its stored hash',
    });
  });
});
