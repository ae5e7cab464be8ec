import { afterEach, describe, expect, it } from 'vitest';
import { createLuaEngine, type LuaEngine } from '../src/runtime/engine.js';
import { copyPages, hashMemory, PAGE_SIZE, usedLength } from '../src/runtime/memory.js';

const engines: LuaEngine[] = [];
async function engine(): Promise<LuaEngine> {
  const created = await createLuaEngine();
  engines.push(created);
  return created;
}
afterEach(() => {
  for (const e of engines.splice(0)) e.close();
});

const LIMITS = { gas: 10_000_000, memoryBytes: 256 * 1024 * 1024 };

const STATEFUL = `
  Greeting = 'hello'
  local count = 0
  function bump() count = count + 1 return tostring(count) end
  local co = coroutine.create(function()
    local seen = {}
    while true do
      seen[#seen + 1] = coroutine.yield(#seen)
      if #seen == 3 then return table.concat(seen, '+') end
    end
  end)
  coroutine.resume(co)
  function feed(v) local ok, r = coroutine.resume(co, v) return tostring(r) end
  function greeting() return Greeting end
`;

describe('memory snapshots', () => {
  it('restores globals, closures over locals and a suspended coroutine into a fresh engine', async () => {
    const original = await engine();
    original.run(STATEFUL, 'stateful');
    expect(original.call('bump')).toBe('1');
    expect(original.call('bump')).toBe('2');
    expect(original.call('feed', 'a')).toBe('1');
    const image = original.snapshot();

    const copy = await engine();
    copy.restore(image);
    expect(copy.memoryHash()).toBe(original.memoryHash());
    expect(copy.call('greeting')).toBe('hello');
    expect(copy.call('bump')).toBe('3');
    expect(copy.call('feed', 'b')).toBe('2');
    expect(copy.call('feed', 'c')).toBe('a+b+c');
    // The original is untouched by the copy's progress and makes the same steps to the same memory.
    expect(original.call('greeting')).toBe('hello');
    expect(original.call('bump')).toBe('3');
    original.call('feed', 'b');
    original.call('feed', 'c');
    expect(original.memoryHash()).toBe(copy.memoryHash());
  });

  it('grows a fresh heap to hold a snapshot larger than it', async () => {
    const original = await engine();
    original.run(
      'function fill() big = {} for i = 1, 600000 do big[i] = "v" .. i end return "ok" end',
      'big',
    );
    expect(original.invoke('fill', [], LIMITS)).toMatchObject({ ok: true, value: 'ok' });
    original.run('function probe() return big[599999] .. "/" .. #big end', 'probe');
    const image = original.snapshot();
    const fresh = await engine();
    expect(image.byteLength).toBeGreaterThan(fresh.memory().byteLength);
    fresh.restore(image);
    expect(fresh.memoryHash()).toBe(original.memoryHash());
    expect(fresh.call('probe')).toBe('v599999/600000');
  });

  it('rolls an engine back to an earlier snapshot byte for byte, zeroing memory it grew into', async () => {
    const lua = await engine();
    lua.run('function grow() junk = string.rep("z", 40 * 1024 * 1024) return "grown" end', 'grow');
    const before = lua.snapshot();
    const hashBefore = lua.memoryHash();
    expect(lua.invoke('grow', [], LIMITS)).toMatchObject({ ok: true, value: 'grown' });
    expect(lua.memoryHash()).not.toBe(hashBefore);
    lua.restore(before);
    expect(lua.memoryHash()).toBe(hashBefore);
    expect(usedLength(lua.memory())).toBe(before.byteLength);
  });

  it('hashes only the used part of a memory image, in whole pages', () => {
    const small = new Uint8Array(3 * PAGE_SIZE);
    small[PAGE_SIZE + 5] = 7;
    const large = new Uint8Array(8 * PAGE_SIZE);
    copyPages(small, large);
    expect(usedLength(small)).toBe(2 * PAGE_SIZE);
    expect(usedLength(large)).toBe(2 * PAGE_SIZE);
    expect(hashMemory(large)).toBe(hashMemory(small));
    expect(usedLength(new Uint8Array(PAGE_SIZE))).toBe(0);
    expect(() => copyPages(large, small)).toThrow('memory of 196608 bytes cannot hold 524288 bytes');
  });
});
