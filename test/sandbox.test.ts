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

  it('leaves only debug.traceback and the parameter counts of debug.getinfo(f, "u") of the debug library', () => {
    expect(
      ev('local n = {} for k in pairs(debug) do n[#n+1] = k end table.sort(n) return table.concat(n, ",")'),
    ).toBe('getinfo,traceback');
    expect(
      ev(
        'local i = debug.getinfo(function (a, b, ...) return a end, "u") return i.nparams .. "," .. tostring(i.isvararg)',
      ),
    ).toBe('2,true');
    expect(ev('local ok, e = pcall(debug.getinfo, 1, "S") return e')).toContain(
      'only debug.getinfo(function, "u") is available in aolite processes',
    );
    expect(ev('return require("debug").sethook')).toBe('nil');
    expect(ev('return debug.getregistry')).toBe('nil');
    expect(ev('return (debug.traceback("here"):match("^here\\nstack traceback:"))')).toBe(
      'here\nstack traceback:',
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
