import { afterEach, describe, expect, it } from 'vitest';
import { createProcessRuntime, type ProcessRuntime } from '../src/runtime/process-runtime.js';
import { toyEnv, toyMessage } from './fixtures/messages.js';
import { toyLibrary } from './fixtures/toy-library.js';

/**
 * A message a gas meter stops is rolled back: the next messages give the results and the memory of a
 * process that never received it, on every rebase interval, and a dry run of it leaves the memory as it
 * was. Most cases trap in the middle of C code (a find, a table resize, a sort, a concatenation, a
 * longjmp or strftime charged by the host); two are stopped by the instruction hook for comparison
 * (`collectgarbage` is charged as instructions, a `gsub` callback runs Lua).
 */
const LIMITS = { gas: 2_000_000, memoryBytes: 64 * 1024 * 1024 };
const runtimes: ProcessRuntime[] = [];
async function runtime(rebaseEvery: number): Promise<ProcessRuntime> {
  const created = await createProcessRuntime({ library: toyLibrary, limits: LIMITS, rebaseEvery });
  runtimes.push(created);
  return created;
}
afterEach(() => {
  for (const r of runtimes.splice(0)) r.close();
});

const SETUP =
  'count = 0 big = string.rep("x", 200000) list = {} for i = 1, 5000 do list[i] = (i * 7919) % 5003 end';
const STEP =
  'count = count + 1 list[#list + 1] = count keep = (keep or "") .. tostring(count) print(count, #list, collectgarbage("count") > 0)';
const C_WORK = 'gas limit exceeded: more than 16000000 units of C work';
const INSTRUCTIONS = 'gas limit exceeded: more than 2000000 instructions';
/** Each message, and the start of the error that stops it. */
const STOPPED: [string, string][] = [
  ['count = -1 while true do big:find("y", 1, true) end', C_WORK],
  ['count = -1 big = nil local t = {} for i = 1, 1e9 do t[i] = {i} t[-i] = tostring(i) end', C_WORK],
  ['count = -1 while true do local u = {table.unpack(list)} table.sort(u) end', C_WORK],
  ['count = -1 while true do collectgarbage() end', INSTRUCTIONS],
  ['count = -1 for i = 1, 1e9 do local q = big:sub(i % 100) .. i end', C_WORK],
  ['count = -1 while true do pcall(error, {}) end', C_WORK],
  [
    'count = -1 local co = coroutine.wrap(function() while true do coroutine.yield(list) end end) while true do co() end',
    C_WORK,
  ],
  ['count = -1 local d = string.rep("%c%Y", 50) while true do local x = os.date(d) end', C_WORK],
  ['count = -1 while true do big:gsub("x", function(c) list[#list + 1] = c end) end', INSTRUCTIONS],
];

describe('a message a gas meter stops', () => {
  it('leaves the process as if it never came, whatever the rebase interval', async () => {
    for (const rebaseEvery of [1, 64]) {
      const attacked = await runtime(rebaseEvery);
      const clean = await runtime(rebaseEvery);
      let n = 1;
      for (const p of [attacked, clean]) p.handle(toyMessage(SETUP, 1), toyEnv);
      for (const [code, error] of STOPPED) {
        n++;
        const step = toyMessage(STEP, n);
        const expected = clean.handle(step, toyEnv);
        const stopped = attacked.handle(toyMessage(code, 1000 + n), toyEnv);
        expect(stopped.Error?.startsWith(error), `${code}: ${stopped.Error}`).toBe(true);
        expect(stopped.GasUsed).toBe(LIMITS.gas);
        expect(attacked.dryRun(toyMessage(code, 2000 + n), toyEnv).Error).toBe(stopped.Error);
        expect(attacked.handle(step, toyEnv)).toEqual(expected);
        expect(attacked.memoryHash(), `${code} (rebase every ${rebaseEvery})`).toBe(clean.memoryHash());
      }
    }
  });

  it('stops at the same point in two fresh runtimes', async () => {
    const results = [];
    for (let i = 0; i < 2; i++) {
      const p = await runtime(64);
      p.handle(toyMessage(SETUP, 1), toyEnv);
      // Caught by pcall until the meter traps: how far it got shows in nothing but the error and GasUsed.
      results.push(STOPPED.map(([code], j) => p.handle(toyMessage(code, 10 + j), toyEnv)));
      results.push(p.memoryHash());
    }
    expect(results[2]).toEqual(results[0]);
    expect(results[3]).toBe(results[1]);
  });
});
