import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAosLibrary } from '../src/runtime/library.js';
import { createProcessRuntime } from '../src/runtime/process-runtime.js';
import { parseScenario, scenarioMessages, stepMessage } from '../src/runtime/scenario.js';
import { type AosTestProcess, createAosTestProcess } from './support/aos-process.js';

/**
 * Attacks on the sandbox through the debug library and the other process-visible functions (the
 * guarantees: metering, memory limit, no raw sandbox function, determinism, errors as data). Each test
 * is an attack that once worked or a representative probe that must stay harmless.
 */
const GAS = 20_000_000;
let p: AosTestProcess;
beforeAll(async () => {
  p = await createAosTestProcess({}, { gas: GAS, memoryBytes: 256 * 1024 * 1024 });
});
afterAll(() => p.close());

const GAS_ERROR = `gas limit exceeded: more than ${GAS} instructions`;

/** Calls every function value `list` gathered (a raw debug.sethook among them removes the meter), then loops. */
const CALL_ALL_THEN_LOOP = `
for _, v in ipairs(list) do if type(v) == "function" then pcall(v) end end
local n = 0 for i = 1, 100000000 do n = n + 1 end
return n`;

describe('debug.getlocal and stale stack slots', () => {
  it('shows no temporaries of the top frame of a dead coroutine (stale slots held the raw sethook)', async () => {
    const code = `
local co = coroutine.create(function()
  coroutine.create(function() end) -- the wrapper leaves its raw calls' values above the stack top
  local function big()
    local u = nil
    local x = u.x -- fails before any other register of this frame is written
    local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    return a1, a2, a3, a4, a5, a6, a7, a8, a9, a10
  end
  big()
end)
coroutine.resume(co)
list = {}
Names = {}
for n = 1, 30 do
  local name, v = debug.getlocal(co, 0, n)
  if name then Names[#Names + 1] = name list[#list + 1] = v end
end`;
    const result = await p.send({ action: 'Eval', data: code + CALL_ALL_THEN_LOOP });
    expect(result.Error).toContain(GAS_ERROR);
    expect(await p.evaluate(`${code} return table.concat(Names, ",")`)).toBe('u');
  });

  it('shows no temporaries of a frame running a metamethod (its whole frame was readable)', async () => {
    const code = `
list = {}
local function big()
  local t = setmetatable({}, {__index = function()
    for n = 1, 40 do
      local name, v = debug.getlocal(2, n)
      if name then list[#list + 1] = v Names[#Names + 1] = name end
    end
  end})
  local x = t.x
  local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
  return a1, a2, a3, a4, a5, a6, a7, a8, a9, a10
end
local function g() coroutine.create(function() end) end
Names = {}
g()
big()`;
    const result = await p.send({ action: 'Eval', data: code + CALL_ALL_THEN_LOOP });
    expect(result.Error).toContain(GAS_ERROR);
    expect(await p.evaluate(`${code} return table.concat(Names, ",")`)).toBe('t');
  });
});

/** Runs `body` (a function's body) 100,000 Lua frames deep. */
const DEEP = (body: string) => `
local function deep(n, f) if n == 0 then return f() end return (deep(n - 1, f)) end
return deep(100000, function() ${body} end)`;

describe('work proportional to the depth of the stack', () => {
  it('charges debug.traceback for walking a deep stack (each call walked it ~17 times in C)', async () => {
    const result = await p.send({
      action: 'Eval',
      data: DEEP('for i = 1, 40 do debug.traceback("x") end return "done"'),
    });
    expect(result.Error).toContain(GAS_ERROR);
    // a shallow traceback costs nothing extra, and keeps its levels
    expect(
      await p.evaluate(
        'local t = debug.traceback("here", 1) return t:match("^here\\nstack traceback:\\n\\t([^\\n]*)")',
      ),
    ).toMatch(/^\[string "aos"\]:1: in /);
    expect(await p.evaluate('return select(2, debug.traceback("x"):gsub("\\n", ""))')).toBe(
      await p.evaluate('return select(2, debug.traceback("x", 1):gsub("\\n", ""))'),
    );
  });
});

describe('probes that stay harmless', () => {
  it('runs no finalizer set on a metatable after the fact (Lua marks objects only at setmetatable)', async () => {
    for (const set of ['setmetatable', 'debug.setmetatable']) {
      expect(
        await p.evaluate(
          `Ran = false local mt = {} local t = ${set}({}, mt) mt.__gc = function() Ran = true end t = nil collectgarbage() collectgarbage() return tostring(Ran)`,
        ),
      ).toBe('false');
      expect(
        await p.evaluateError(
          `local mt = {} ${set}({}, mt) ${set}({}, mt) return ${set}({}, {__gc = print})`,
        ),
      ).toContain('__gc metamethods are not supported');
    }
  });

  it('keeps os.date in UTC when the string metatable lies to the library about the "!" prefix', async () => {
    expect(
      await p.evaluate(
        'local mt = debug.getmetatable("") mt.__index = function(s, k) if k == "sub" then return function() return "!" end end return string[k] end local r = os.date("%z %Z %H:%M") mt.__index = string return r',
      ),
    ).toBe('+0000 GMT 00:00');
  });

  it('turns recursive metamethods and error objects with metamethods into message errors', async () => {
    expect(
      await p.evaluateError(
        'local mt = {} mt.__tostring = function(t) return tostring(t) end return tostring(setmetatable({}, mt))',
      ),
    ).toContain('stack overflow');
    expect(
      await p.evaluateError('error(setmetatable({}, {__tostring = function() while true do end end}))'),
    ).toContain('attempt to concatenate a table value');
    expect(
      await p.evaluateError(
        'debug.setmetatable(nil, {__index = function() while true do end end}) local x = nil return x.y',
      ),
    ).toBe(GAS_ERROR);
    expect(await p.evaluate('debug.setmetatable(nil, nil) return "ok"')).toBe('ok');
  });

  it('gives the same addresses and memory replayed from genesis and restored from a checkpoint', async () => {
    const scenario = parseScenario({
      name: 'addresses',
      process: { tags: { Name: 'addresses' } },
      steps: [],
    });
    const [boot] = scenarioMessages(scenario);
    if (!boot) throw new Error('no process message');
    const code =
      'Keep = Keep or {} local function f() local a = Keep return function() return a end end Keep[#Keep + 1] = {} return tostring(Keep[#Keep]) .. " " .. tostring(debug.upvalueid(f(), 1)) .. " " .. tostring(print)';
    const messages = [1, 2, 3].map((n) => stepMessage(scenario, { action: 'Eval', data: code }, n));
    const limits = { gas: GAS, memoryBytes: 256 * 1024 * 1024 };
    const genesis = await createProcessRuntime({ library: loadAosLibrary(), limits });
    genesis.handle(boot.msg, boot.env);
    genesis.handle(messages[0]!, boot.env);
    const checkpoint = genesis.snapshot();
    const late = [genesis.handle(messages[1]!, boot.env), genesis.handle(messages[2]!, boot.env)];
    const restored = await createProcessRuntime({ library: loadAosLibrary(), limits, snapshot: checkpoint });
    const again = [restored.handle(messages[1]!, boot.env), restored.handle(messages[2]!, boot.env)];
    expect(again).toEqual(late);
    expect(JSON.stringify(late[1]?.Output)).toMatch(/table: 0x[0-9a-f]+ userdata: 0x[0-9a-f]+ function: /);
    expect(restored.memoryHash()).toBe(genesis.memoryHash());
    genesis.close();
    restored.close();
  });
});

describe('gas in coroutines', () => {
  it('counts the instructions of short-lived coroutines (each once left up to 9,999 uncounted)', async () => {
    // 2,000 coroutines of ~9,000 instructions each: ~18M instructions, over the 20M limit with the loop
    // twice; each coroutine died before its own hook fired, so only the creating loop was counted
    const result = await p.send({
      action: 'Eval',
      data: `
local function work() local n = 0 for i = 1, 3000 do n = n + 1 end return n end
local total = 0
for round = 1, 2 do
  for i = 1, 2000 do
    local co = coroutine.create(work)
    local _, n = coroutine.resume(co)
    total = total + n
  end
end
return total`,
    });
    expect(result.Error).toContain(GAS_ERROR);
  });
});

describe('gas of a small message', () => {
  it('is one hook interval: the coroutine its handlers run in, charged when created', async () => {
    // a few hundred instructions of its own, never reaching the main thread's hook
    const result = await p.send({ action: 'Eval', data: 'X = 1' });
    expect(result.Error).toBeUndefined();
    expect(result.GasUsed).toBe(10_000);
  });
});

describe('C work charged as instructions', () => {
  it('charges a full collection by the size of the heap (a loop of collections ran unmetered)', async () => {
    const result = await p.send({
      action: 'Eval',
      data: `
Big = {}
for i = 1, 200000 do Big[i] = { i } end
for i = 1, 1000 do collectgarbage() end
return "done"`,
    });
    expect(result.Error).toContain(GAS_ERROR);
    expect(await p.evaluate('Big = nil; collectgarbage(); return collectgarbage("count") < 4096')).toBe(
      'true',
    );
  });
});
