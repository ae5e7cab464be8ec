/**
 * Runtime engine measurements (numbers to read, not assertions): boot time, per-message overhead of
 * handle() for a trivial counter library, snapshot/restore/hash times, memory size after boot, rollback
 * and dry-run cost, and the gas hook's cost on a tight loop.
 *
 *   node --import tsx bench/runtime-engine.ts
 */
import { createLuaEngine } from '../src/runtime/engine.js';
import { usedLength } from '../src/runtime/memory.js';
import { createProcessRuntime } from '../src/runtime/process-runtime.js';
import type { LuaLibrary } from '../src/runtime/types.js';
import { toyEnv, toyMessage } from '../test/fixtures/messages.js';

const counter: LuaLibrary = {
  modules: [],
  boot: {
    name: '.counter',
    source:
      'count = 0 function __aolite_handle(m, e) count = count + 1 return \'{"Output":"\' .. count .. \'"}\' end',
  },
};
const limits = { gas: 100_000_000, memoryBytes: 256 * 1024 * 1024 };
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
const time = (f: () => unknown) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

// boot: first (includes glue compile) and steady state
let t = performance.now();
let rt = await createProcessRuntime({ library: counter, limits });
console.log('first boot (compile + engine + library) ms', (performance.now() - t).toFixed(1));
rt.close();
const boots: number[] = [];
for (let i = 0; i < 30; i++) {
  t = performance.now();
  const r = await createProcessRuntime({ library: counter, limits });
  boots.push(performance.now() - t);
  r.close();
}
console.log('boot median ms', med(boots).toFixed(2), 'min', Math.min(...boots).toFixed(2));
const engBoots: number[] = [];
for (let i = 0; i < 30; i++) {
  t = performance.now();
  const e = await createLuaEngine();
  engBoots.push(performance.now() - t);
  e.close();
}
console.log('bare engine (module + state + sandbox) median ms', med(engBoots).toFixed(2));

rt = await createProcessRuntime({ library: counter, limits });
const msg = toyMessage('x');
for (let i = 0; i < 2000; i++) rt.handle(msg, toyEnv);
const N = 20000;
t = performance.now();
for (let i = 0; i < N; i++) rt.handle(msg, toyEnv);
const per = (performance.now() - t) / N;
console.log('handle() trivial counter: µs/msg', (per * 1000).toFixed(1), 'msgs/s', Math.round(1000 / per));
const rt1000 = await createProcessRuntime({ library: counter, limits, rebaseEvery: 1_000_000 });
t = performance.now();
for (let i = 0; i < N; i++) rt1000.handle(msg, toyEnv);
console.log('handle() without rebase: µs/msg', (((performance.now() - t) / N) * 1000).toFixed(1));

const e = await createLuaEngine();
console.log('fresh engine memory bytes', e.memory().byteLength, 'used length', usedLength(e.memory()));
const snapTimes: number[] = [];
let snap = e.snapshot();
for (let i = 0; i < 20; i++)
  snapTimes.push(
    time(() => {
      snap = e.snapshot();
    }),
  );
console.log('snapshot (fresh engine) median ms', med(snapTimes).toFixed(2), 'bytes', snap.byteLength);
const restTimes: number[] = [];
for (let i = 0; i < 20; i++) restTimes.push(time(() => e.restore(snap)));
console.log('restore into same engine (unchanged pages) median ms', med(restTimes).toFixed(2));
const fresh: number[] = [];
for (let i = 0; i < 10; i++) {
  const f = await createLuaEngine();
  fresh.push(time(() => f.restore(snap)));
  f.close();
}
console.log('restore into fresh engine median ms', med(fresh).toFixed(2));
const hashTimes: number[] = [];
for (let i = 0; i < 10; i++) hashTimes.push(time(() => e.memoryHash()));
console.log('memoryHash median ms', med(hashTimes).toFixed(2));
e.run('T = {} for i = 1, 200000 do T[i] = "value" .. i end', 'fill');
snap = e.snapshot();
const bigSnap: number[] = [];
for (let i = 0; i < 10; i++)
  bigSnap.push(
    time(() => {
      snap = e.snapshot();
    }),
  );
const bigFresh: number[] = [];
for (let i = 0; i < 10; i++) {
  const f = await createLuaEngine();
  bigFresh.push(time(() => f.restore(snap)));
  f.close();
}
console.log(
  '200k-entry table: snapshot bytes',
  snap.byteLength,
  'snapshot ms',
  med(bigSnap).toFixed(2),
  'restore into fresh ms',
  med(bigFresh).toFixed(2),
);

// rollback cost: error after k journaled messages
for (const k of [0, 10, 63]) {
  const r = await createProcessRuntime({
    library: {
      modules: [],
      boot: {
        name: '.c',
        source: counter.boot.source.replace(
          'count = count + 1',
          'count = count + 1 if m:find("FAIL") then error("x") end',
        ),
      },
    },
    limits,
  });
  for (let i = 0; i < 64; i++) r.handle(msg, toyEnv); // rebase happens at 64
  for (let i = 0; i < k; i++) r.handle(msg, toyEnv);
  const ms = time(() => r.handle(toyMessage('FAIL'), toyEnv));
  console.log(`error rollback with ${k} journaled msgs ms`, ms.toFixed(2));
  r.close();
}
// dry-run cost
const dr: number[] = [];
for (let i = 0; i < 20; i++) {
  rt.handle(msg, toyEnv);
  dr.push(time(() => rt.dryRun(msg, toyEnv)));
}
console.log('dryRun median ms (journal non-empty)', med(dr).toFixed(2));
// gas hook overhead on a tight loop
const loop = await createLuaEngine();
loop.run('function spin() local x = 0 for i = 1, 20000000 do x = x + i end return tostring(x) end', 'spin');
const unmetered = time(() => loop.call('spin'));
const metered = time(() => loop.invoke('spin', [], { gas: 1e9, memoryBytes: 1e8 }));
console.log(
  'tight loop 2e7 iterations: unmetered ms',
  unmetered.toFixed(0),
  'metered ms',
  metered.toFixed(0),
);
