import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { createLuaEngine } from '../src/runtime/engine.js';

// The marker is built at run time (rep + upper), so the chunk's own source never holds it.
const MAKE = `
  function make(n)
    held = string.rep("qz", n):upper()
    return #held
  end
  function drop(n)
    held = nil
    if n == "shrink" then grown = nil end
    collectgarbage("collect")
    collectgarbage("collect")
    return "ok"
  end
  function grow()
    grown = {}
    for i = 1, 4096 do grown[i] = i end
    for i = 4096, 17, -1 do grown[i] = nil end
    collectgarbage("collect")
    return "ok"
  end
  function concat(n)
    local parts = {}
    for i = 1, n do parts[i] = ("kx"):upper() end
    held = table.concat(parts)
    return #held
  end`;

function occurrences(memory: Uint8Array, text: string): number {
  const haystack = Buffer.from(memory);
  let count = 0;
  for (let at = haystack.indexOf(text); at !== -1; at = haystack.indexOf(text, at + 1)) count++;
  return count;
}

describe('the Lua allocator', () => {
  it('zeroes the bytes of a freed block, so dead strings do not stay in the memory or its snapshots', async () => {
    const lua = await createLuaEngine();
    lua.run(MAKE, 'zeroed');
    expect(lua.call('make', '2000')).toBe('4000');
    expect(occurrences(lua.memory(), 'QZQZQZQZQZQZQZQZ')).toBeGreaterThan(0);
    expect(lua.call('drop', 'all')).toBe('ok');
    expect(occurrences(lua.memory(), 'QZQZQZQZQZQZQZQZ')).toBe(0);
    expect(occurrences(lua.snapshot(), 'QZQZQZQZQZQZQZQZ')).toBe(0);
    lua.close();
  });

  it('zeroes the old bytes of a block that grows, so a moved buffer leaves no copy behind', async () => {
    const lua = await createLuaEngine();
    lua.run(MAKE, 'zeroed');
    // table.concat grows its buffer block by block (realloc) while it copies the parts in.
    // (Its first 512 bytes sit on the C stack, which the allocator does not see: look for longer runs.)
    const run = 'KX'.repeat(512);
    expect(lua.call('concat', '20000')).toBe('40000');
    expect(occurrences(lua.memory(), run)).toBeGreaterThan(0);
    expect(lua.call('drop', 'all')).toBe('ok');
    expect(occurrences(lua.memory(), run)).toBe(0);
    lua.close();
  });

  it('gives the same memory for the same calls (zeroing depends only on the allocation sequence)', async () => {
    const hashes: string[] = [];
    for (let i = 0; i < 2; i++) {
      const lua = await createLuaEngine();
      lua.run(MAKE, 'zeroed');
      lua.call('make', '3000');
      lua.call('grow');
      lua.call('drop', 'shrink');
      hashes.push(lua.memoryHash());
      lua.close();
    }
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes[1]).toBe(hashes[0]);
  });
});
