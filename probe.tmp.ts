import { createLuaEngine } from './src/runtime/engine.js';

const t0 = performance.now();
const e = await createLuaEngine();
console.log('boot', (performance.now() - t0).toFixed(1));
e.run('function greet(n) return "hello " .. n end', 'greeter');
console.log(e.call('greet', 'ao'));
try {
  e.run('error("nope")', 'boom');
} catch (err) {
  console.log('err:', (err as Error).message);
}
const lim = { gas: 1e6, memoryBytes: 8e6 };
e.run(
  'function spin() while true do end end function bomb() local s = "x" while true do s = s .. s end end function pc() while true do pcall(function() while true do end end) end end',
  'x',
);
for (const f of ['greet', 'spin', 'bomb', 'pc', 'greet']) {
  const t = performance.now();
  console.log(f, JSON.stringify(e.invoke(f, ['z'], lim)), (performance.now() - t).toFixed(1));
}
console.log(e.memoryHash(), e.snapshot().length);
