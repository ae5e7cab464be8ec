import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AosTestProcess, createAosTestProcess } from './support/aos-process.js';

/**
 * The debug library, math.atan2 and the os functions aos 2.0.6 has, against the real module: each
 * expectation is what aos 2.0.6 (run with @permaweb/ao-loader) returned for the same Eval. Line numbers of
 * the library's own frames differ (aolite's library is its own code) and are not compared.
 */
let p: AosTestProcess;
beforeAll(async () => {
  p = await createAosTestProcess();
});
afterAll(() => p.close());

const STACK_WALK = `
local out = {}
for lvl = 1, 20 do
  local i = debug.getinfo(lvl, "Sn")
  if not i then out[#out + 1] = lvl .. ":nil" break end
  out[#out + 1] = lvl .. ":" .. i.source .. "|" .. i.short_src .. "|" .. i.what .. "|" .. tostring(i.name)
end
return table.concat(out, " ")`;

describe('aos 2.0.6 debug.getinfo', () => {
  it('describes the evaluated chunk at level 1', async () => {
    expect(
      await p.evaluate(
        'local i = debug.getinfo(1) return table.concat({i.source, i.short_src, i.what, i.name, i.namewhat, i.currentline, i.linedefined, i.lastlinedefined, i.nups, i.nparams, tostring(i.isvararg), tostring(i.istailcall), type(i.func)}, " ")',
      ),
    ).toBe('aos [string "aos"] main func local 1 0 0 1 0 true false function');
    expect(await p.evaluate('return debug.getinfo(1, "S").source')).toBe('aos');
    expect(await p.evaluate('return debug.getinfo(1, "l").currentline')).toBe('1');
    expect(await p.evaluate('return debug.getinfo(1, "L").activelines[1]')).toBe('true');
  });

  it('walks the same stack: eval, pcall, handlers, pcall, the process function, then nil', async () => {
    expect(await p.evaluate(STACK_WALK)).toBe(
      '1:aos|[string "aos"]|main|func 2:.eval|[string ".eval"]|Lua|nil 3:=[C]|[C]|C|pcall ' +
        '4:.handlers|[string ".handlers"]|Lua|nil 5:=[C]|[C]|C|pcall 6:.process|[string ".process"]|Lua|nil 7:nil',
    );
    expect(
      await p.evaluate(
        'local out = {} for lvl = 0, 8 do local i = debug.getinfo(lvl, "t") if not i then out[#out+1] = lvl .. ": nil" break end out[#out+1] = lvl .. ":" .. tostring(i.istailcall) end return table.concat(out, " ")',
      ),
    ).toBe('0:false 1:false 2:true 3:false 4:false 5:false 6:false 7: nil');
    expect(await p.evaluate('return tostring(debug.getinfo(100))')).toBe('nil');
  });

  it('reports level 0 as the C function getinfo', async () => {
    expect(
      await p.evaluate(
        'local i = debug.getinfo(0) return table.concat({i.source, i.short_src, i.what, i.name, i.namewhat, i.currentline, i.linedefined, i.nups, i.nparams, tostring(i.isvararg), tostring(i.func == debug.getinfo)}, " ")',
      ),
    ).toBe('=[C] [C] C getinfo field -1 -1 0 0 true true');
  });

  it('describes functions: parameters, varargs, upvalues, lines', async () => {
    expect(
      await p.evaluate(
        'local f = function(a, b, ...) end local i = debug.getinfo(f) return table.concat({i.source, i.what, i.linedefined, i.lastlinedefined, i.currentline, i.nparams, tostring(i.isvararg), i.nups, tostring(i.func == f)}, " ")',
      ),
    ).toBe('aos Lua 1 1 -1 2 true 0 true');
    expect(await p.evaluate('local i = debug.getinfo(print) return i.short_src .. " " .. i.nparams')).toBe(
      '[string ".process"] 1',
    );
    expect(await p.evaluate('return debug.getinfo(math.floor).what')).toBe('C');
  });

  it('shows wrapped C functions as one C frame: xpcall, and load calling its reader', async () => {
    expect(
      await p.evaluate(
        'local r = {} xpcall(function() for l = 0, 5 do local i = debug.getinfo(l, "fS") r[#r+1] = l .. "=" .. tostring(i.func == xpcall or (i.func and i.source)) .. ":" .. i.short_src end end, print) return table.concat(r, " ")',
      ),
    ).toBe(
      '0==[C]:[C] 1=aos:[string "aos"] 2=true:[C] 3=aos:[string "aos"] 4=.eval:[string ".eval"] 5==[C]:[C]',
    );
    expect(
      await p.evaluate(
        'local r = {} local done = false local f = load(function() if done then return nil end done = true for l = 1, 4 do local i = debug.getinfo(l, "fS") r[#r+1] = tostring(i.func == load or (i.func and i.short_src)) .. ":" .. i.short_src end return "return 1" end) return table.concat(r, " ") .. " " .. tostring(f and f())',
      ),
    ).toBe(
      '[string "aos"]:[string "aos"] true:[C] [string "aos"]:[string "aos"] [string ".eval"]:[string ".eval"] 1',
    );
  });

  it('reads other threads: a suspended coroutine, and the handlers thread from a coroutine', async () => {
    expect(
      await p.evaluate(
        'local co = coroutine.create(function(a) coroutine.yield(1) end) coroutine.resume(co, 5) local i = debug.getinfo(co, 1, "Sl") return i.currentline .. " " .. i.source .. " " .. tostring(debug.getinfo(co, 2))',
      ),
    ).toBe('1 aos nil');
    expect(
      await p.evaluate(
        'local co = coroutine.running() local r = {} local c = coroutine.create(function() for l = 0, 20 do local i = debug.getinfo(co, l, "fSn") if not i then r[#r+1] = l .. ":nil" break end r[#r+1] = l .. ":" .. i.short_src .. ":" .. tostring(i.name) .. ":" .. tostring(i.func ~= nil) end end) coroutine.resume(c) return table.concat(r, " ")',
      ),
    ).toBe(
      '0:[C]:resume:true 1:[string "aos"]:func:true 2:[string ".eval"]:nil:true 3:[C]:pcall:true ' +
        '4:[string ".handlers"]:nil:true 5:[C]:pcall:true 6:[string ".process"]:nil:true 7:nil',
    );
  });

  it('walks a deep stack level by level within the gas limit', async () => {
    expect(
      await p.evaluate(
        'local function rec(n) if n == 0 then local c = 0 for l = 1, 1e9 do if not debug.getinfo(l, "l") then break end c = c + 1 end return c end return rec(n - 1) + 0 end return rec(3000)',
      ),
    ).toBe('3006');
  });

  it('raises as Lua does for bad arguments', async () => {
    expect(await p.evaluateError('return pcall(debug.getinfo, "x")')).toBe(
      "bad argument #1 to 'debug.getinfo' (number expected, got string)",
    );
    expect(await p.evaluateError('return pcall(debug.getinfo, 1, "X")')).toBe(
      "bad argument #2 to 'debug.getinfo' (invalid option)",
    );
    expect(await p.evaluateError('return pcall(debug.getinfo, 1, {})')).toBe(
      "bad argument #2 to 'debug.getinfo' (string expected, got table)",
    );
    expect(await p.evaluateError('return pcall(debug.getlocal, 50, 1)')).toBe(
      "bad argument #1 to 'debug.getlocal' (level out of range)",
    );
  });
});

describe('aos 2.0.6 debug locals, upvalues and metatables', () => {
  it('reads the locals of the frames and the parameter names of functions', async () => {
    expect(
      await p.evaluate(
        'local out = {} for n = 1, 4 do local name, v = debug.getlocal(2, n) out[#out+1] = name .. ":" .. type(v) end return table.concat(out, ",")',
      ),
    ).toBe('msg:table,expr:string,func:function,err:nil');
    expect(
      await p.evaluate(
        'local function f(a, b) end return tostring(debug.getlocal(f, 1)) .. tostring(debug.getlocal(f, 2)) .. tostring(debug.getlocal(f, 3))',
      ),
    ).toBe('abnil');
  });

  it('sets locals and upvalues, compares and joins upvalues', async () => {
    expect(await p.evaluate('local x = 5 debug.setlocal(1, 1, 7) return x')).toBe('7');
    expect(
      await p.evaluate(
        'local x = 5 return tostring(debug.setlocal(1, 9, 7)) .. " " .. tostring(pcall(debug.setlocal, 50, 1, 1))',
      ),
    ).toBe('nil false');
    expect(
      await p.evaluate(
        'local a = 1 local function f() return a end return tostring(debug.setupvalue(f, 1, 42)) .. " " .. f() .. " " .. select("#", debug.setupvalue(f, 3, 1))',
      ),
    ).toBe('a 42 0');
    expect(
      await p.evaluate(
        'local a = 1 local function f() return a end local function g() return a end return tostring(debug.upvalueid(f, 1) == debug.upvalueid(g, 1)) .. " " .. type(debug.upvalueid(f, 1))',
      ),
    ).toBe('true userdata');
    expect(
      await p.evaluate(
        'local a, b = 1, 2 local function f() return a end local function g() return b end debug.upvaluejoin(f, 1, g, 1) return f()',
      ),
    ).toBe('2');
    expect(
      await p.evaluate(
        'local out = {} for lvl = 1, 6 do if lvl == 1 or lvl == 2 or lvl == 6 then local f = debug.getinfo(lvl, "f").func local names = {} for n = 1, 10 do local nm = debug.getupvalue(f, n) if not nm then break end names[#names+1] = nm end out[#out+1] = lvl .. ":" .. table.concat(names, ",") end end return table.concat(out, " ")',
      ),
    ).toBe('1:_ENV 2:_ENV,ao,stringify 6:_ENV,msg,env');
  });

  it('reads and sets metatables of any value; no hook is set; debug.debug returns at once', async () => {
    expect(
      await p.evaluate(
        'return tostring(debug.getmetatable("").__index == string) .. " " .. tostring(debug.getuservalue({}))',
      ),
    ).toBe('true nil');
    expect(
      await p.evaluate(
        'local f = function() return 1 end debug.setmetatable(f, {__index = {x = 5}}) local x = f.x debug.setmetatable(f, nil) return x',
      ),
    ).toBe('5');
    expect(
      await p.evaluate(
        'debug.setmetatable(1, {__index = function(n, k) return k .. n end}) local r = (5).x debug.setmetatable(1, nil) return r',
      ),
    ).toBe('x5');
    expect(
      await p.evaluate(
        'return table.concat({tostring(select(1, debug.gethook())), tostring(select(2, debug.gethook())), tostring(select(3, debug.gethook()))}, ",")',
      ),
    ).toBe('nil,,0');
    expect(await p.evaluate('return tostring(pcall(debug.debug))')).toBe('true');
  });
});

describe('aos 2.0.6 math.atan2 and the emscripten os functions', () => {
  it('has math.atan2 as math.atan', async () => {
    expect(
      await p.evaluate(
        'return tostring(math.atan2(1, 2)) .. " " .. tostring(math.atan2(1)) .. " " .. tostring(math.atan(1, 2))',
      ),
    ).toBe('0.46364760900081 0.78539816339745 0.46364760900081');
  });

  it('has an empty environment and no shell', async () => {
    expect(
      await p.evaluate(
        'local t = {} for _, n in ipairs({"HOME", "PATH", "USER", "PWD", "LANG", "X"}) do t[#t+1] = n .. "=" .. tostring(os.getenv(n)) end return table.concat(t, " ")',
      ),
    ).toBe('HOME=nil PATH=nil USER=nil PWD=nil LANG=nil X=nil');
    expect(
      await p.evaluate(
        'return table.concat({tostring(select(1, os.execute())), tostring(select(1, os.execute("ls"))), tostring(select(2, os.execute("ls"))), tostring(select(3, os.execute("ls")))}, " | ")',
      ),
    ).toBe('false | nil | Function not implemented | 52');
    expect(await p.evaluateError('return os.getenv()')).toContain(
      "bad argument #1 to 'getenv' (string expected, got no value)",
    );
  });

  it('fails the message on os.exit, keeping the state as it was', async () => {
    await p.evaluate('ExitProbe = 1');
    expect(await p.evaluateError('ExitProbe = 2 os.exit(0)')).toContain('os.exit: a process cannot exit');
    expect(await p.evaluate('return ExitProbe')).toBe('1');
  });
});
