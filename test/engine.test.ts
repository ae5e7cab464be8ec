import { afterEach, describe, expect, it } from 'vitest';
import { createLuaEngine, type LuaEngine } from '../src/runtime/engine.js';

const engines: LuaEngine[] = [];
async function engine(): Promise<LuaEngine> {
  const created = await createLuaEngine();
  engines.push(created);
  return created;
}
afterEach(() => {
  for (const e of engines.splice(0)) e.close();
});

const PAIRS_ORDER = `
  function order()
    local t = {}
    for i = 1, 45 do t['key' .. i] = i end
    local keys = {}
    for k in pairs(t) do keys[#keys + 1] = k end
    return table.concat(keys, ',')
  end`;

describe('Lua engine', () => {
  it('runs a named chunk and calls a global function with strings', async () => {
    const lua = await engine();
    lua.run('function greet(name) return "hello " .. name end', 'greeter');
    expect(lua.call('greet', 'ao')).toBe('hello ao');
    expect(() => lua.run('error("nope")', 'boom')).toThrow(/\[string "boom"\]:1: nope/);
  });

  it('serves preloaded modules to require with the module name as chunk name', async () => {
    const lua = await engine();
    lua.preload(
      '.greeting',
      'local M = {}\nfunction M.hi() return "hi" end\nfunction M.bad() error("broken") end\nreturn M',
    );
    lua.run('G = require(".greeting")', 'main');
    lua.run('function hi() return G.hi() end function bad() G.bad() end', 'main');
    expect(lua.call('hi')).toBe('hi');
    expect(() => lua.call('bad')).toThrow('[string ".greeting"]:3: broken');
    expect(() => lua.preload('.broken', 'return {')).toThrow(/\[string "\.broken"\]:1: .*expected/);
  });

  it('passes strings through unchanged, including multi-byte UTF-8 and large text', async () => {
    const lua = await engine();
    lua.run('function echo(s) return s end function len(s) return tostring(#s) end', 'echo');
    const text = 'héllo ✓ 🚀 "quoted" \\ end';
    expect(lua.call('echo', text)).toBe(text);
    const big = 'x'.repeat(3_000_000);
    expect(lua.call('len', big)).toBe('3000000');
  });

  it('iterates pairs in the same order on every fresh engine', async () => {
    const orders: string[] = [];
    for (let i = 0; i < 3; i++) {
      const lua = await engine();
      lua.run(PAIRS_ORDER, 'order');
      orders.push(lua.call('order'));
    }
    expect(orders[0]?.split(',')).toHaveLength(45);
    expect(new Set(orders).size).toBe(1);
  });

  it('gives two fresh engines byte-identical memories after the same calls', async () => {
    const a = await engine();
    const b = await engine();
    for (const lua of [a, b]) {
      lua.run(PAIRS_ORDER, 'order');
      lua.call('order');
    }
    expect(a.memoryHash()).toMatch(/^[0-9a-f]{64}$/);
    expect(a.memoryHash()).toBe(b.memoryHash());
  });

  it('reports a missing global function as a clear error', async () => {
    const lua = await engine();
    expect(() => lua.call('nowhere')).toThrow("global 'nowhere' is not a function");
  });
});
