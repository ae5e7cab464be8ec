/**
 * The process runtime with the aos-compatible library: time per message of a counter and a token
 * handler (ProcessRuntime.handle), process boot, and snapshot / restore of the runtime memory after
 * 1,000 counter messages.
 */
import { loadAosLibrary } from '../src/runtime/library.js';
import { PAGE_SIZE, pageCount, pageOf } from '../src/runtime/memory.js';
import { createProcessRuntime, type ProcessRuntime } from '../src/runtime/process-runtime.js';
import { DEFAULT_LIMITS } from '../src/runtime/types.js';
import { createSamples, now } from './lib/stats.js';
import type { Benchmark } from './lib/types.js';
import { counterWorkload, expectOk, expectState, tokenWorkload, type Workload } from './lib/workloads.js';

const boot = (snapshot?: Uint8Array): Promise<ProcessRuntime> =>
  createProcessRuntime({
    library: loadAosLibrary(),
    limits: DEFAULT_LIMITS,
    ...(snapshot ? { snapshot } : {}),
  });

/** A booted process with the workload's handlers installed. */
async function ready(workload: Workload): Promise<ProcessRuntime> {
  const rt = await boot();
  expectOk(rt.handle(workload.spawn.msg, workload.spawn.env), 'process message');
  expectOk(rt.handle(workload.install.msg, workload.install.env), 'install Eval');
  return rt;
}

/** µs per message over the workload, the first tenth untimed (warm-up); checks the final state. */
async function perMessage(workload: Workload): Promise<number> {
  const rt = await ready(workload);
  try {
    const warm = Math.floor(workload.work.length / 10);
    for (let i = 0; i < warm; i++) {
      const m = workload.work[i]!;
      expectOk(rt.handle(m.msg, m.env), workload.name);
    }
    const start = now();
    for (let i = warm; i < workload.work.length; i++) {
      const m = workload.work[i]!;
      const result = rt.handle(m.msg, m.env);
      if (result.Error !== undefined) expectOk(result, workload.name);
    }
    const us = ((now() - start) * 1000) / (workload.work.length - warm);
    expectState(workload, rt.handle(workload.check.message.msg, workload.check.message.env));
    return us;
  } finally {
    rt.close();
  }
}

/** The 64 KiB pages of `after` that differ from `before` (what a page-diff checkpoint writes), in bytes. */
export function changedBytes(before: Uint8Array, after: Uint8Array): number {
  let bytes = 0;
  for (let i = 0; i < pageCount(after.byteLength); i++) {
    const page = pageOf(after, i);
    const old = i * PAGE_SIZE < before.byteLength ? pageOf(before, i) : undefined;
    if (!old || !Buffer.from(old).equals(Buffer.from(page))) bytes += page.byteLength;
  }
  return bytes;
}

export const runtimeBenchmark: Benchmark = {
  name: 'runtime',
  summary: 'process runtime + aos library: per-message time, boot, snapshot/restore',
  sizes: {
    counterMessages: { full: 20_000, quick: 2_000, help: 'Incr messages per run (first tenth is warm-up)' },
    tokenMessages: { full: 10_000, quick: 1_000, help: 'Transfer messages per run (first tenth is warm-up)' },
    boots: { full: 20, quick: 5, help: 'process boots per run' },
    checkpointMessages: { full: 1_000, quick: 1_000, help: 'counter messages before the snapshot' },
    restores: { full: 10, quick: 3, help: 'restores from the snapshot per run' },
  },
  figures: [
    {
      id: 'runtime.counter',
      label: 'counter handler: time per message (ProcessRuntime.handle, aos library)',
      unit: 'µs',
      better: 'lower',
      goal: { op: '<=', value: 40 },
      note: 'Incr handler that adds 1 to a global and prints it; message and env as a CU hands them, JSON in and out, rollback journal and rebase included.',
    },
    {
      id: 'runtime.token',
      label: 'token transfer handler: time per message (ProcessRuntime.handle)',
      unit: 'µs',
      better: 'lower',
      note: 'Transfer of 1 from the owner to one of 1,000 accounts; replies with a Debit-Notice and sends a Credit-Notice (2 outbox messages).',
    },
    {
      id: 'runtime.boot',
      label: 'process boot: runtime created, aos library loaded',
      unit: 'ms',
      better: 'lower',
      note: 'Warm: the Lua WASM is already compiled in this process (see cold boot).',
    },
    {
      id: 'runtime.boot-first-result',
      label: 'process boot to first result (boot + the process message evaluated)',
      unit: 'ms',
      better: 'lower',
      goal: { op: '<=', value: 20 },
    },
    {
      id: 'runtime.boot-cold',
      label:
        'cold boot to first result: first process in a fresh node process (includes compiling the Lua WASM)',
      unit: 'ms',
      better: 'lower',
    },
    {
      id: 'runtime.snapshot',
      label: 'snapshot of the runtime memory after 1,000 counter messages',
      unit: 'ms',
      better: 'lower',
      note: 'Copy of the linear memory up to its last non-zero page (ProcessRuntime.snapshot).',
    },
    {
      id: 'runtime.snapshot-bytes',
      label: 'snapshot size after 1,000 counter messages',
      unit: 'bytes',
      better: 'lower',
    },
    {
      id: 'runtime.snapshot-changed',
      label: 'bytes in 64 KiB pages changed by 1,000 counter messages',
      unit: 'bytes',
      better: 'lower',
      note: 'Pages that differ between the snapshot after the install Eval and after 1,000 messages: what a page-diff checkpoint would write, before compression.',
    },
    {
      id: 'runtime.restore',
      label: 'restore: fresh process runtime from that snapshot',
      unit: 'ms',
      better: 'lower',
      goal: { op: '<=', value: 10 },
      note: 'Runtime part of a checkpoint restore (new engine + memory written back); reading the checkpoint from the store is the compute unit’s.',
    },
  ],
  async run(ctx) {
    const samples = createSamples();
    const counter = counterWorkload(ctx.sizes.counterMessages!);
    const token = tokenWorkload(ctx.sizes.tokenMessages!);
    const checkpoint = counterWorkload(ctx.sizes.checkpointMessages!);

    const cold = now();
    const first = await boot();
    expectOk(first.handle(counter.spawn.msg, counter.spawn.env), 'process message');
    samples.add('runtime.boot-cold', now() - cold);
    first.close();

    for (let run = 0; run < ctx.runs; run++) {
      ctx.log(`run ${run + 1}/${ctx.runs}`);
      samples.add('runtime.counter', await perMessage(counter));
      samples.add('runtime.token', await perMessage(token));

      let readyMs = 0;
      let firstResult = 0;
      for (let i = 0; i < ctx.sizes.boots!; i++) {
        const start = now();
        const rt = await boot();
        const booted = now();
        expectOk(rt.handle(counter.spawn.msg, counter.spawn.env), 'process message');
        readyMs += booted - start;
        firstResult += now() - start;
        rt.close();
      }
      samples.add('runtime.boot', readyMs / ctx.sizes.boots!);
      samples.add('runtime.boot-first-result', firstResult / ctx.sizes.boots!);

      const rt = await ready(checkpoint);
      const before = rt.snapshot();
      for (const m of checkpoint.work) expectOk(rt.handle(m.msg, m.env), 'counter');
      const start = now();
      const snapshot = rt.snapshot();
      samples.add('runtime.snapshot', now() - start);
      samples.add('runtime.snapshot-bytes', snapshot.byteLength);
      samples.add('runtime.snapshot-changed', changedBytes(before, snapshot));
      rt.close();

      let restore = 0;
      for (let i = 0; i < ctx.sizes.restores!; i++) {
        const t = now();
        const restored = await boot(snapshot);
        restore += now() - t;
        if (i === 0) {
          expectState(
            checkpoint,
            restored.handle(checkpoint.check.message.msg, checkpoint.check.message.env),
          );
        }
        restored.close();
      }
      samples.add('runtime.restore', restore / ctx.sizes.restores!);
    }
    return { samples: samples.result() };
  },
};
