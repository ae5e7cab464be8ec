import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessRuntime, type ProcessRuntime } from '../src/runtime/process-runtime.js';
import { toyEnv, toyMessage } from './fixtures/messages.js';
import { toyLibrary } from './fixtures/toy-library.js';

const LIMITS = { gas: 20_000_000, memoryBytes: 64 * 1024 * 1024 };

let runtime: ProcessRuntime;
let n = 0;
beforeAll(async () => {
  runtime = await createProcessRuntime({ library: toyLibrary, limits: LIMITS });
  runtime.handle(toyMessage('count = 0'), toyEnv);
});
afterAll(() => runtime.close());

function send(code: string) {
  n++;
  return runtime.handle(toyMessage(code, n), toyEnv);
}

/** Each message of `codes` ends with the C-work gas error of a runtime whose gas limit is `gas`. */
function expectStoppedByCWork(runtime: ProcessRuntime, gas: number, codes: string[]) {
  const error = `gas limit exceeded: more than ${gas * 8} units of C work in the Lua VM, its library and its host calls (8 per instruction of the ${gas} allowed)`;
  for (const code of codes) {
    const result = runtime.handle(toyMessage(code), toyEnv);
    expect(result.Error).toBe(error);
    expect(result.GasUsed).toBe(gas);
  }
}

/** The process still works after the failure: the next message runs normally and sees the old state. */
function expectHealthy() {
  const after = send('count = count + 1 print(count)');
  expect(after.Error).toBeUndefined();
  return after.Output;
}

describe('per-message limits', () => {
  it('stops an infinite loop with a gas error, and the next message works', () => {
    const result = send('count = 100 while true do end');
    expect(result.Error).toBe('gas limit exceeded: more than 20000000 instructions');
    expect(result.GasUsed).toBe(20_000_000);
    expect(expectHealthy()).toBe('1');
  });

  it('does not let pcall, xpcall, coroutines or __close handlers swallow the gas error', async () => {
    const small = await createProcessRuntime({ library: toyLibrary, limits: { ...LIMITS, gas: 2_000_000 } });
    small.handle(toyMessage('count = 0'), toyEnv);
    const loops = [
      'while true do pcall(function() while true do end end) end',
      'xpcall(function() while true do end end, function() while true do end end) while true do end',
      'while true do xpcall(function() while true do end end, function() while true do end end) end',
      'coroutine.wrap(function() while true do end end)()',
      'local co = coroutine.create(function() while true do pcall(coroutine.yield) end end) while true do coroutine.resume(co) end',
      'while true do pcall(pcall, pcall, function() while true do end end) end',
      'local x <close> = setmetatable({}, {__close = function() while true do end end}) while true do end',
      `local co = coroutine.create(function()
         local x <close> = setmetatable({}, {__close = function() while true do end end})
         while true do end
       end)
       coroutine.resume(co) coroutine.close(co)`,
      'while true do load(function() while true do end end) end',
      'while true do pcall(string.gsub, "aaaa", ".", function() while true do end end) end',
      // the debug library cannot reach the meter or the raw functions
      'pcall(debug.sethook) pcall(debug.sethook, print, "", 0) while true do end',
      `for l = 0, 30 do
         local i = debug.getinfo(l, "f")
         if i and i.func then
           for n = 1, 300 do
             local name = debug.getupvalue(i.func, n)
             if not name then break end
             if name == "ticks" or name == "limit" or name == "exhausted" then debug.setupvalue(i.func, n, 0) end
           end
         end
       end
       while true do end`,
      `local raw
       xpcall(function() for l = 2, 4 do local i = debug.getinfo(l, "f") if i.func ~= xpcall then raw = raw or i.func end end end, print)
       while true do (raw or xpcall)(function() while true do end end, function() while true do end end) end`,
    ];
    // Either meter may stop a loop of errors first: raising and unwinding is C work (the loop meter's).
    const gasError =
      /^gas limit exceeded: more than (2000000 instructions|16000000 units of C work in the Lua VM, its library and its host calls \(8 per instruction of the 2000000 allowed\))$/;
    for (const code of loops) expect(small.handle(toyMessage(code), toyEnv).Error).toMatch(gasError);
    expect(small.handle(toyMessage('count = count + 1 print(count)'), toyEnv).Output).toBe('1');
    small.close();
  });

  it('stops a memory bomb by string doubling with a memory error', () => {
    const result = send('count = 100 local s = "x" while true do s = s .. s end');
    expect(result.Error).toBe('memory limit exceeded: more than 67108864 bytes (not enough memory)');
    expect(expectHealthy()).toBe('2');
  });

  it('stops a memory bomb by a huge table, even when pcall catches the memory error', () => {
    expect(send('t = {} for i = 1, 1e9 do t[i] = {i} end').Error).toBe(
      'memory limit exceeded: more than 67108864 bytes (not enough memory)',
    );
    const caught = send(
      't = {} local ok = pcall(function() for i = 1, 1e9 do t[i] = {i} end end) local n = #t t = nil print(ok, n > 1000)',
    );
    expect(caught.Error).toBeUndefined();
    expect(caught.Output).toBe('false\ttrue');
    expect(send('t = nil collectgarbage() print(collectgarbage("count") < 1024)').Output).toBe('true');
    expect(expectHealthy()).toBe('3');
  });

  it('stops deep Lua recursion and deep C recursion', () => {
    expect(send('local function f(n) return 1 + f(n + 1) end f(1)').Error).toBe(
      '[string "toy"]:1: stack overflow',
    );
    expect(send('local function f() local ok, e = pcall(f) error(e, 0) end f()').Error).toBe(
      'C stack overflow',
    );
    expect(
      send('local t = setmetatable({}, {__index = function(t, k) return t[k] end}) return t.x').Error,
    ).toBe('[string "toy"]:1: C stack overflow');
    expect(expectHealthy()).toBe('4');
  });

  it('refuses a 100 MB output but returns a big allowed output whole', () => {
    expect(send('print(string.rep("x", 100 * 1024 * 1024))').Error).toBe(
      'memory limit exceeded: more than 67108864 bytes (not enough memory)',
    );
    const big = send('print(string.rep("ab", 1024 * 1024))');
    expect(big.Error).toBeUndefined();
    expect(typeof big.Output === 'string' && big.Output.length).toBe(2 * 1024 * 1024);
    expect(expectHealthy()).toBe('5');
  });

  it('bounds C work the instruction hook cannot see (finds, patterns, string.rep, concatenation)', async () => {
    const small = await createProcessRuntime({ library: toyLibrary, limits: { ...LIMITS, gas: 2_000_000 } });
    small.handle(toyMessage('count = 0 s = string.rep("x", 1000000) t = string.rep("a", 20000)'), toyEnv);
    // Each runs a handful of Lua instructions per call and megabytes of C work: unbounded by gas alone.
    expectStoppedByCWork(small, 2_000_000, [
      'count = 1 while true do s:find("y", 1, true) end',
      'count = 1 while true do t:find("a-a-a-b") end',
      'count = 1 while true do local r = string.rep("ab", 4000000) end',
      'count = 1 while true do local q = s .. "z" end',
      'count = 1 while true do s:gsub("x", "y") end',
    ]);
    // Rolled back as any failed message; ordinary table-heavy code near its gas limit is not stopped.
    const ordinary = small.handle(
      toyMessage('local k = {} for i = 1, 210000 do k[i % 1000] = {i, tostring(i)} end print(count, #s)'),
      toyEnv,
    );
    expect(ordinary.Error).toBeUndefined();
    expect(ordinary.Output).toBe('0\t1000000');
    expect(ordinary.GasUsed).toBeGreaterThan(1_500_000);
    small.close();
  });

  it('charges host work the loop meter cannot see: a Lua error or yield (a JS throw), an os.date conversion', async () => {
    // Each of these is a few instructions and a few loop units, but microseconds of JavaScript in the
    // glue's imports (_emscripten_throw_longjmp, strftime): at gas 1,000,000 they ran whole, for seconds
    // at a larger gas. Charged THROW_UNITS and STRFTIME_UNITS each (host-imports.ts), they run out the
    // 8,000,000 units.
    const small = await createProcessRuntime({ library: toyLibrary, limits: { ...LIMITS, gas: 1_000_000 } });
    small.handle(toyMessage('count = 0'), toyEnv);
    expectStoppedByCWork(small, 1_000_000, [
      'count = 1 for i = 1, 70000 do pcall(error) end',
      'count = 1 local co = coroutine.wrap(function() while true do coroutine.yield() end end) for i = 1, 70000 do co() end',
      'count = 1 local d = string.rep("%c", 100) for i = 1, 2000 do os.date(d) end',
    ]);
    // A tenth of each is well within the budget, and the failed ones were rolled back.
    const light = small.handle(
      toyMessage(
        'for i = 1, 7000 do pcall(error) end local co = coroutine.wrap(function() while true do coroutine.yield() end end) for i = 1, 7000 do co() end local d = string.rep("%c", 100) for i = 1, 200 do os.date(d) end print(count)',
      ),
      toyEnv,
    );
    expect(light.Error).toBeUndefined();
    expect(light.Output).toBe('0');
    small.close();
  });

  it('reports gas used in units of the hook interval, the same on every run', () => {
    const spin = 'local x = 0 for i = 1, 300000 do x = x + i end';
    const first = send(spin);
    const second = send(spin);
    expect(first.GasUsed).toBeGreaterThan(0);
    expect(first.GasUsed % 10_000).toBe(0);
    expect(second.GasUsed).toBe(first.GasUsed);
  });
});
