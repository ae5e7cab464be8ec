import { readFileSync } from 'node:fs';
import { createLuaEngine, type LuaEngine } from '../../src/runtime/engine.js';

const LUA_DIR = new URL('../../src/runtime/lua/', import.meta.url);

/** Source of one of our Lua modules in src/runtime/lua. */
export function luaSource(file: string): string {
  return readFileSync(new URL(file, LUA_DIR), 'utf8');
}

export interface LuaHarness {
  /** Runs a chunk (named "test") and returns its results joined by "\t" via tostring. */
  eval(code: string): string;
  engine: LuaEngine;
}

/**
 * A fresh engine with the given modules registered in package.preload under their require names
 * (chunk name = require name, as the runtime does), and `boot` chunks run in order after that.
 */
export async function createLuaHarness(
  modules: Record<string, string>,
  boot: string[] = [],
): Promise<LuaHarness> {
  const engine = await createLuaEngine();
  engine.run(
    `function __preload(name, src)
       package.preload[name] = assert(load(src, '=[string "' .. name .. '"]'))
     end
     function __eval(src)
       local f = assert(load(src, '=[string "test"]'))
       local out = table.pack(f())
       for i = 1, out.n do out[i] = tostring(out[i]) end
       return table.concat(out, '\\t', 1, out.n)
     end`,
    'harness',
  );
  for (const [name, file] of Object.entries(modules)) engine.call('__preload', name, luaSource(file));
  for (const chunk of boot) engine.run(chunk, 'boot');
  return { eval: (code) => engine.call('__eval', code), engine };
}
