/**
 * The engine under the aos library: a bare engine, handle() of a one-line library (the runtime's own
 * cost per message: JSON across the boundary, gas meter, rollback journal), error rollback, dry-run,
 * and the gas hook on a tight loop.
 */
import { createLuaEngine } from '../src/runtime/engine.js';
import { loadAosLibrary } from '../src/runtime/library.js';
import { createProcessRuntime } from '../src/runtime/process-runtime.js';
import { DEFAULT_LIMITS, type LuaLibrary } from '../src/runtime/types.js';
import { createSamples, now, time } from './lib/stats.js';
import type { Benchmark } from './lib/types.js';
import { counterWorkload, expectOk } from './lib/workloads.js';

/** Counts messages; errors when the message JSON contains FAIL. No aos. */
const bareCounter: LuaLibrary = {
  modules: [],
  boot: {
    name: '.counter',
    source:
      'count = 0 function __aolite_handle(m, e) if m:find("FAIL", 1, true) then error("fail") end ' +
      'count = count + 1 return \'{"Output":"\' .. count .. \'"}\' end',
  },
};

const LOOP = 20_000_000;

export const engineBenchmark: Benchmark = {
  name: 'engine',
  summary:
    'Lua engine and process runtime without the aos library: boundary cost, rollback, dry-run, gas hook',
  sizes: {
    messages: { full: 20_000, quick: 2_000, help: 'messages per run for the bare handle() figure' },
    engines: { full: 10, quick: 3, help: 'engines created per run' },
  },
  figures: [
    {
      id: 'engine.create',
      label: 'bare engine created (WASM instance + Lua state + sandbox, no library)',
      unit: 'ms',
      better: 'lower',
    },
    {
      id: 'engine.handle-bare',
      label: 'handle() of a one-line counter library (no aos): the runtime’s own cost per message',
      unit: 'µs',
      better: 'lower',
    },
    {
      id: 'engine.rollback',
      label: 'aos process: message with an Error, rolled back over 63 journaled messages',
      unit: 'ms',
      better: 'lower',
      note: 'Worst case of the rollback journal: restore the base snapshot and replay the 63 messages handled since.',
    },
    {
      id: 'engine.dry-run',
      label: 'aos process: dry-run of a counter message (state untouched)',
      unit: 'ms',
      better: 'lower',
    },
    {
      id: 'engine.loop-unmetered',
      label: `tight Lua loop of ${LOOP.toExponential(0)} iterations, unmetered`,
      unit: 'ms',
      better: 'lower',
    },
    { id: 'engine.loop-metered', label: 'the same loop under the gas meter', unit: 'ms', better: 'lower' },
  ],
  async run(ctx) {
    const samples = createSamples();
    const workload = counterWorkload(64 + 63);
    const fail = { msg: { ...workload.install.msg, Data: 'error("boom")' }, env: workload.install.env };
    for (let run = 0; run < ctx.runs; run++) {
      let created = 0;
      for (let i = 0; i < ctx.sizes.engines!; i++) {
        const start = now();
        const engine = await createLuaEngine();
        created += now() - start;
        engine.close();
      }
      samples.add('engine.create', created / ctx.sizes.engines!);

      const bare = await createProcessRuntime({ library: bareCounter, limits: DEFAULT_LIMITS });
      const msg = workload.work[0]!;
      const n = ctx.sizes.messages!;
      for (let i = 0; i < n / 10; i++) bare.handle(msg.msg, msg.env);
      const start = now();
      for (let i = 0; i < n; i++) bare.handle(msg.msg, msg.env);
      samples.add('engine.handle-bare', ((now() - start) * 1000) / n);
      bare.close();

      const rt = await createProcessRuntime({ library: loadAosLibrary(), limits: DEFAULT_LIMITS });
      expectOk(rt.handle(workload.spawn.msg, workload.spawn.env), 'process message');
      expectOk(rt.handle(workload.install.msg, workload.install.env), 'install Eval');
      // 2 messages so far; 62 more reach the rebase at 64, then 63 stay in the journal.
      for (const m of workload.work.slice(0, 62 + 63)) expectOk(rt.handle(m.msg, m.env), 'Incr');
      let failed: { Error?: string } = {};
      samples.add(
        'engine.rollback',
        time(() => {
          failed = rt.handle(fail.msg, fail.env);
        }),
      );
      if (failed.Error === undefined) throw new Error('the failing Eval did not fail');
      samples.add(
        'engine.dry-run',
        time(() => expectOk(rt.dryRun(msg.msg, msg.env), 'dry-run')),
      );
      rt.close();

      const loop = await createLuaEngine();
      loop.run(
        `function spin() local x = 0 for i = 1, ${LOOP} do x = x + i end return tostring(x) end`,
        'spin',
      );
      samples.add(
        'engine.loop-unmetered',
        time(() => loop.call('spin')),
      );
      samples.add(
        'engine.loop-metered',
        time(() => {
          const result = loop.invoke('spin', [], { gas: 1e10, memoryBytes: 1e8 });
          if (!result.ok) throw new Error(`metered loop failed: ${result.error}`);
        }),
      );
      loop.close();
    }
    return { samples: samples.result() };
  },
};
