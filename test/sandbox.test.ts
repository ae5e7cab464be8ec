import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLuaEngine, type LuaEngine } from '../src/runtime/engine.js';

let lua: LuaEngine;
beforeAll(async () => {
  lua = await createLuaEngine();
  lua.run('function ev(code) return tostring(assert(load(code, "probe"))()) end', 'probe-setup');
});
afterAll(() => lua.close());

/** Runs `code` (a chunk returning one value) inside the sandbox and returns tostring of the value. */
function ev(code: string): string {
  return lua.call('ev', code);
}

describe('Lua sandbox', () => {
  it('has no io library and require does not give it back', () => {
    expect(ev('return io')).toBe('nil');
    expect(() => ev('return require("io")')).toThrow(
      "module 'io' not found:\n\tno field package.preload['io']",
    );
  });

  it('keeps only time, date, clock and difftime in os, also through require', () => {
    expect(
      ev('local n = {} for k in pairs(os) do n[#n+1] = k end table.sort(n) return table.concat(n, ",")'),
    ).toBe('clock,date,difftime,time');
    for (const name of ['execute', 'exit', 'getenv', 'remove', 'rename', 'tmpname', 'setlocale']) {
      expect(ev(`return os.${name}`)).toBe('nil');
      expect(ev(`return require("os").${name}`)).toBe('nil');
    }
  });

  it('pins os.time, os.date and os.clock to 10 s after the epoch, in UTC', () => {
    expect(ev('return os.time()')).toBe('10');
    expect(ev('return os.date("%Y-%m-%d %H:%M:%S")')).toBe('1970-01-01 00:00:10');
    expect(ev('return os.date("!%H:%M:%S", 3600)')).toBe('01:00:00');
    expect(ev('local t = os.date("*t") return t.year .. "/" .. t.sec .. "/" .. tostring(t.isdst)')).toBe(
      '1970/10/false',
    );
    expect(ev('return os.clock()')).toBe('10.0');
    expect(ev('return os.time({year = 2000, month = 1, day = 1, hour = 0})')).toBe('946684800');
    expect(ev('return os.time({year = 2024, month = 14, day = 1})')).toBe('1738411200');
    expect(() => ev('return os.time({year = 2024})')).toThrow("field 'month' missing in date table");
  });

  it('has no file loaders, no string.dump and refuses binary chunks', () => {
    expect(ev('return dofile')).toBe('nil');
    expect(ev('return loadfile')).toBe('nil');
    expect(ev('return string.dump')).toBe('nil');
    expect(ev('return ("").dump')).toBe('nil');
    expect(() => ev('return load(string.dump(function() end))')).toThrow(
      "attempt to call a nil value (field 'dump')",
    );
    expect(ev('local f, err = load("\\27Lua\\x54\\0", "bin", "b") return err')).toBe(
      "attempt to load a binary chunk (mode is 't')",
    );
    expect(ev('return load("return 7")()')).toBe('7');
    expect(ev('return load("return x", "envtest", "t", {x = 8})()')).toBe('8');
  });

  it('resolves require only through package.preload', () => {
    expect(ev('return package.loadlib')).toBe('nil');
    expect(ev('return package.searchpath')).toBe('nil');
    expect(ev('return package.cpath')).toBe('');
    expect(ev('return #package.searchers')).toBe('1');
    expect(() => ev('return require("socket.core")')).toThrow(
      "module 'socket.core' not found:\n\tno field package.preload['socket.core']",
    );
    expect(ev('package.preload.mine = function() return "mine!" end return require("mine")')).toBe('mine!');
  });

  it('has the standard debug library, with sethook and getregistry refused and no hook shown', () => {
    expect(
      ev('local n = {} for k in pairs(debug) do n[#n+1] = k end table.sort(n) return table.concat(n, ",")'),
    ).toBe(
      'debug,gethook,getinfo,getlocal,getmetatable,getregistry,getupvalue,getuservalue,sethook,setlocal,setmetatable,setupvalue,setuservalue,traceback,upvalueid,upvaluejoin',
    );
    expect(ev('return require("debug") == debug')).toBe('true');
    expect(
      ev(
        'local i = debug.getinfo(function (a, b, ...) return a end, "u") return i.nparams .. "," .. tostring(i.isvararg)',
      ),
    ).toBe('2,true');
    expect(() => ev('debug.sethook()')).toThrow(
      'debug.sethook is not available in aolite processes (the instruction meter is the only hook)',
    );
    expect(() => ev('return debug.getregistry()')).toThrow(
      'debug.getregistry is not available in aolite processes',
    );
    expect(ev('return select("#", debug.gethook()) .. tostring(debug.gethook())')).toBe('3nil');
    expect(ev('return (debug.traceback("here"):match("^here\\nstack traceback:"))')).toBe(
      'here\nstack traceback:',
    );
  });

  it('shows sandbox functions as C functions, without upvalues, locals or source', () => {
    const wrappers = [
      'xpcall',
      'load',
      'setmetatable',
      'collectgarbage',
      'coroutine.create',
      'coroutine.close',
      'coroutine.wrap(print)',
      'os.time',
      'debug.getinfo',
    ];
    for (const f of wrappers) {
      expect(
        ev(
          `local f = ${f} local i = debug.getinfo(f, "Su") return i.source .. i.what .. i.nups .. select("#", debug.getupvalue(f, 1)) .. tostring(debug.getlocal(f, 1)) .. tostring(debug.upvalueid(f, 1))`,
        ),
      ).toBe('=[C]C00nilnil');
      expect(() => ev(`local x = 1 debug.upvaluejoin(function() return x end, 1, ${f}, 1)`)).toThrow(
        "bad argument #4 to 'upvaluejoin' (invalid upvalue index)",
      );
    }
    expect(() => ev('debug.setupvalue(xpcall, 1, nil) return 1')).not.toThrow();
    expect(ev('return select("#", debug.setupvalue(xpcall, 1, nil))')).toBe('0');
  });

  it('hands out through getinfo "f" only functions process code already has; skips the raw functions the wrappers call', () => {
    // Under xpcall: level 1 the function, 2 xpcall (the sandbox wrapper, standing for the C function), 3 the chunk.
    expect(
      ev(
        'local r xpcall(function() local i = debug.getinfo(2, "fS") r = tostring(i.func == xpcall) .. i.what .. debug.getinfo(3, "S").source end, print) return r',
      ),
    ).toBe('trueCprobe');
    expect(
      ev(
        'local r local done = false load(function() if done then return nil end done = true local i = debug.getinfo(2, "fS") r = tostring(i.func == load) .. i.what return "" end) return r',
      ),
    ).toBe('trueC');
    // No frame anywhere on the stack hands out a function whose upvalues name the meter.
    expect(
      ev(
        'local names = {} for l = 0, 30 do local i = debug.getinfo(l, "f") if not i then break end if i.func then for n = 1, 300 do local name = debug.getupvalue(i.func, n) if not name then break end names[#names + 1] = name end end end return table.concat(names, ",")',
      ),
    ).not.toMatch(/ticks|sethook|raw_/);
  });

  it('shows no locals of C frames and sets only named locals of Lua frames', () => {
    expect(
      ev(
        'local r table.sort({3, 2, 1}, function(a, b) r = r or tostring(debug.getlocal(2, 1)) .. tostring(debug.setlocal(2, 1, 5)) return a < b end) return r',
      ),
    ).toBe('nilnil');
    expect(ev('local x = 5 debug.setlocal(1, 1, 7) return x')).toBe('7');
    expect(() =>
      ev('local function f() debug.setlocal(2, 2, "x") return 3 end local t = {1, 2, f()} return #t'),
    ).toThrow(
      "debug.setlocal: '(temporary)' is internal to the Lua VM and cannot be set in aolite processes",
    );
    expect(() => ev('return debug.setmetatable({}, {__gc = print})')).toThrow(
      'debug.setmetatable: __gc metamethods are not supported in aolite processes',
    );
  });

  it('replaces math.random with a constant placeholder and ignores randomseed', () => {
    expect(ev('math.randomseed(42) return math.random()')).toBe('0.5');
    expect(ev('return math.random()')).toBe('0.5');
    expect(ev('return math.random(1, 10)')).toBe('5');
    expect(ev('return math.random(7)')).toBe('4');
  });

  it('allows only harmless collectgarbage options', () => {
    expect(ev('return math.type(collectgarbage("count"))')).toBe('float');
    expect(ev('return collectgarbage()')).toBe('0');
    expect(
      ev(
        'local a = collectgarbage("stop") local b = collectgarbage("isrunning") collectgarbage("restart") return a .. tostring(b) .. tostring(collectgarbage("isrunning"))',
      ),
    ).toBe('0falsetrue');
    expect(() => ev('return collectgarbage("setpause", 100)')).toThrow(
      "collectgarbage: option 'setpause' is not available in aolite processes",
    );
    expect(() => ev('return collectgarbage("generational")')).toThrow(
      "option 'generational' is not available",
    );
  });

  it('refuses __gc finalizers, which would run unmetered', () => {
    expect(() => ev('return setmetatable({}, {__gc = function() end})')).toThrow(
      'setmetatable: __gc metamethods are not supported in aolite processes',
    );
    expect(ev('return getmetatable(setmetatable({}, {__index = {a = 1}})).__index.a')).toBe('1');
  });

  it('makes print and warn do nothing until the library defines them', () => {
    expect(ev('return select("#", print("x"))')).toBe('0');
    expect(ev('warn("@on") warn("w") return "quiet"')).toBe('quiet');
  });

  it('keeps coroutine.wrap behaviour: values pass, errors carry the caller position', () => {
    expect(
      ev(
        'local f = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end) return f(1) + f(5)',
      ),
    ).toBe('12');
    expect(() => ev('local f = coroutine.wrap(function() error("inner") end)\nf()')).toThrow(/inner/);
    expect(ev('local f = coroutine.wrap(function() end) f() local ok, e = pcall(f) return e')).toMatch(
      /cannot resume dead coroutine/,
    );
  });
});
