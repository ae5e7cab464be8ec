/**
 * Resident memory with many live processes: N process runtimes (aos library) each booted, given a
 * counter handler and a 1,000-entry table, and 10 messages; then the node process's RSS. Each run is a
 * fresh child process (isolateRuns), so RSS starts from the same baseline; two runs by default (each
 * takes about 45 s at 1,000 processes, and RSS varies little between runs).
 */
import { loadAosLibrary } from '../src/runtime/library.js';
import { createProcessRuntime, type ProcessRuntime } from '../src/runtime/process-runtime.js';
import { DEFAULT_LIMITS } from '../src/runtime/types.js';
import { createSamples, now } from './lib/stats.js';
import type { Benchmark } from './lib/types.js';
import { counterWorkload, expectOk } from './lib/workloads.js';

const MiB = 1024 * 1024;

function rssAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return process.memoryUsage().rss;
}

export const rssBenchmark: Benchmark = {
  name: 'rss',
  summary: 'RSS of one node process holding N live processes with state',
  nodeFlags: ['--expose-gc'],
  isolateRuns: true,
  runs: { full: 2, quick: 1 },
  sizes: {
    processes: { full: 1_000, quick: 100, help: 'live processes' },
    entries: { full: 1_000, quick: 1_000, help: 'table entries of state per process' },
  },
  figures: [
    {
      id: 'rss.total',
      label: 'RSS with 1,000 live processes with state',
      unit: 'MiB',
      better: 'lower',
      goal: { op: '<=', value: 2048 },
      goalApplies: (sizes) => sizes.processes === 1_000,
      note: 'Each process: aos library booted, process message, an Eval filling a 1,000-entry table and installing a counter handler, 10 Incr messages. RSS of the whole node process after a GC.',
    },
    { id: 'rss.per-process', label: 'RSS added per live process', unit: 'MiB', better: 'lower' },
    {
      id: 'rss.boot-rate',
      label: 'processes brought up per second (boot + 12 messages each)',
      unit: 'processes/s',
      better: 'higher',
    },
  ],
  async run(ctx) {
    const n = ctx.sizes.processes!;
    const workload = counterWorkload(10);
    const fill = {
      msg: {
        ...workload.install.msg,
        Data: `State = {} for i = 1, ${ctx.sizes.entries} do State[i] = 'entry number ' .. i end\n${workload.install.msg.Data}`,
      },
      env: workload.install.env,
    };
    const samples = createSamples();
    for (let run = 0; run < ctx.runs; run++) {
      const live: ProcessRuntime[] = [];
      // One process first so the Lua WASM compile and the library text are in the baseline.
      const warm = await createProcessRuntime({ library: loadAosLibrary(), limits: DEFAULT_LIMITS });
      warm.close();
      const before = rssAfterGc();
      const start = now();
      for (let i = 0; i < n; i++) {
        const rt = await createProcessRuntime({ library: loadAosLibrary(), limits: DEFAULT_LIMITS });
        expectOk(rt.handle(workload.spawn.msg, workload.spawn.env), 'process message');
        expectOk(rt.handle(fill.msg, fill.env), 'state Eval');
        for (const m of workload.work) expectOk(rt.handle(m.msg, m.env), 'Incr');
        live.push(rt);
        if ((i + 1) % 250 === 0) ctx.log(`${i + 1} processes`);
      }
      samples.add('rss.boot-rate', n / ((now() - start) / 1000));
      const after = rssAfterGc();
      samples.add('rss.total', after / MiB);
      samples.add('rss.per-process', (after - before) / n / MiB);
      for (const rt of live) rt.close();
    }
    return {
      samples: samples.result(),
      labels: { 'rss.total': `RSS with ${n.toLocaleString('en-US')} live processes with state` },
    };
  },
};
