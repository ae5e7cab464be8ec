import { describe, expect, it } from 'vitest';
import { createLuaEngine } from '../src/runtime/engine.js';

describe('Lua engine', () => {
  it('runs a named chunk and calls a global function with strings', async () => {
    const engine = await createLuaEngine();
    engine.run('function greet(name) return "hello " .. name end', 'greeter');
    expect(engine.call('greet', 'ao')).toBe('hello ao');
    expect(() => engine.run('error("nope")', 'boom')).toThrow(/\[string "boom"\]:1: nope/);
    engine.close();
  });
});
