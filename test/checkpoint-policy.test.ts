import { afterEach, describe, expect, it } from 'vitest';
import { createCheckpointPolicy, defaultCheckpointPolicy } from '../src/compute/checkpoint-policy.js';
import { createCheckpoints } from '../src/compute/checkpoints.js';
import { PAGE_SIZE } from '../src/runtime/memory.js';
import { type AosLog, createAosLog } from './support/aos-log.js';

const logs: AosLog[] = [];
afterEach(() => {
  for (const log of logs.splice(0)) log.store.close();
});

function setup(config: Partial<typeof defaultCheckpointPolicy> = {}) {
  const log = createAosLog();
  logs.push(log);
  for (let i = 0; i < 30; i++) log.send([{ name: 'Action', value: 'Ping' }]);
  const checkpoints = createCheckpoints({ store: log.store, clock: () => 0 });
  const errors: string[] = [];
  const policy = createCheckpointPolicy({
    store: log.store,
    checkpoints,
    config: { ...defaultCheckpointPolicy, ...config },
    resultHashOf: (_, slot) => `result-${slot}`,
    onError: (_, error) => errors.push(String(error)),
  });
  /** A runtime whose memory is one page filled with the slot number. */
  const runtimeAt = (slot: number) => ({ memoryView: () => new Uint8Array(PAGE_SIZE).fill(slot + 1) });
  const batch = (slot: number, evaluatedMs = 1) => ({
    processId: log.processId,
    slot,
    runtime: runtimeAt(slot),
    evaluatedMs,
  });
  const saved = () =>
    checkpoints.list(log.processId).map((c) => ({ slot: c.slot, reason: c.reason, result: c.resultHash }));
  return { log, checkpoints, policy, batch, runtimeAt, saved, errors };
}

describe('checkpoint policy', () => {
  it('saves an interval checkpoint once every N slots were evaluated, with the slot hash chain and result hash', async () => {
    const { log, checkpoints, policy, batch, saved } = setup({ everySlots: 10, everyMs: 0 });
    // Slots 0..9 are the first ten evaluated.
    for (const slot of [4, 8, 9, 15, 18, 20, 29]) await policy.afterBatch(batch(slot));
    expect(saved()).toEqual([
      { slot: 9, reason: 'interval', result: 'result-9' },
      { slot: 20, reason: 'interval', result: 'result-20' },
    ]);
    const chain = log.store.assignmentsBySlot(log.processId, { fromSlot: 20, toSlot: 20 })[0]!.hashChain;
    expect(checkpoints.load(log.processId, 25)).toMatchObject({ slot: 20, hashChain: chain });
  });

  it('counts slots from the last stored checkpoint after a restart', async () => {
    const first = setup({ everySlots: 10, everyMs: 0 });
    await first.policy.afterBatch(first.batch(12));
    const again = createCheckpointPolicy({
      store: first.log.store,
      checkpoints: first.checkpoints,
      config: { ...defaultCheckpointPolicy, everySlots: 10, everyMs: 0 },
    });
    await again.afterBatch(first.batch(21));
    await again.afterBatch(first.batch(22));
    expect(first.saved().map((c) => c.slot)).toEqual([12, 22]);
  });

  it('saves by evaluation time spent since the last checkpoint', async () => {
    const { policy, batch, saved } = setup({ everySlots: 0, everyMs: 100 });
    await policy.afterBatch(batch(1, 60));
    await policy.afterBatch(batch(2, 30));
    await policy.afterBatch(batch(3, 20));
    await policy.afterBatch(batch(4, 99));
    await policy.afterBatch(batch(5, 1));
    expect(saved().map((c) => c.slot)).toEqual([3, 5]);
  });

  it('saves on eviction and on shutdown, but not a slot already checkpointed', async () => {
    const { log, policy, batch, runtimeAt, saved } = setup({ everySlots: 5, everyMs: 0 });
    await policy.afterBatch(batch(5));
    policy.onEvict({ processId: log.processId, slot: 5, runtime: runtimeAt(5) });
    policy.onEvict({ processId: log.processId, slot: 7, runtime: runtimeAt(7) });
    policy.shuttingDown();
    policy.onEvict({ processId: log.processId, slot: 8, runtime: runtimeAt(8) });
    expect(saved().map((c) => [c.slot, c.reason])).toEqual([
      [5, 'interval'],
      [7, 'eviction'],
      [8, 'shutdown'],
    ]);
  });

  it('saves nothing on eviction or shutdown when those are turned off', () => {
    const { log, policy, runtimeAt, saved } = setup({ onEviction: false, onShutdown: false });
    policy.onEvict({ processId: log.processId, slot: 3, runtime: runtimeAt(3) });
    policy.shuttingDown();
    policy.onEvict({ processId: log.processId, slot: 4, runtime: runtimeAt(4) });
    expect(saved()).toEqual([]);
  });

  it('reports a failed save and lets evaluation go on', async () => {
    const { log, policy, errors, saved } = setup({ everySlots: 1, everyMs: 0 });
    await policy.afterBatch({
      processId: log.processId,
      slot: 999,
      runtime: { memoryView: () => new Uint8Array(1) },
      evaluatedMs: 1,
    });
    expect(errors).toEqual(['Error: slot 999 is not assigned']);
    expect(saved()).toEqual([]);
  });

  it('tries a failed interval save again an interval later, not after every batch', async () => {
    const { checkpoints, policy, batch, errors, saved } = setup({ everySlots: 5, everyMs: 0 });
    await policy.afterBatch(batch(2));
    // Slot 5 gets a checkpoint of another memory behind the policy's back: its save of slot 5 is refused.
    checkpoints.save({
      ...batch(5),
      hashChain: 'chain',
      reason: 'eviction',
      memory: new Uint8Array(8).fill(9),
    });
    await policy.afterBatch(batch(5));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/slot 5: memory hash \w+ differs from the checkpoint already stored/);
    for (const slot of [6, 7, 8, 9]) await policy.afterBatch(batch(slot));
    expect(errors).toHaveLength(1);
    await policy.afterBatch(batch(10));
    expect(saved().map((c) => [c.slot, c.reason])).toEqual([
      [5, 'eviction'],
      [10, 'interval'],
    ]);
  });
});
