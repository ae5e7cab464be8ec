import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLuaEngine, type LuaEngine } from '../src/runtime/engine.js';
import { loadAosLibrary } from '../src/runtime/library.js';

const LIMITS = { gas: 100_000_000, memoryBytes: 64 * 1024 * 1024 };

// Dumps a value in pairs order (so two tables built differently but iterating alike dump alike),
// with Lua number subtypes.
const DUMP = `
local json = require("json")
local function dump(v)
  local t = type(v)
  if t == "table" then
    local parts = {}
    for k, x in pairs(v) do parts[#parts + 1] = dump(k) .. "=" .. dump(x) end
    return "{" .. table.concat(parts, ",") .. "}#" .. #v
  elseif t == "number" then
    return math.type(v) .. ":" .. tostring(v)
  elseif t == "string" then
    return string.format("%q", v)
  end
  return t .. ":" .. tostring(v)
end
function dumpArg(v) return type(v) .. " " .. dump(v) end
function dumpDecoded(text) return "table " .. dump(json.decode(text)) end
`;

let lua: LuaEngine;
beforeAll(async () => {
  lua = await createLuaEngine();
  const json = loadAosLibrary().modules.find((m) => m.name === 'json');
  lua.preload('json', json!.source);
  lua.run(DUMP, 'dump');
});
afterAll(() => lua.close());

function viaTables(value: unknown): string {
  const result = lua.invoke('dumpArg', [lua.prepare(value)], LIMITS);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}
function viaJson(value: unknown): string {
  const result = lua.invoke('dumpDecoded', [JSON.stringify(value)], LIMITS);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('message values built through the Lua C API', () => {
  it('gives the tables the JSON decoder gives, in the same pairs order', () => {
    const values: unknown[] = [
      {
        Id: 'MSG-1',
        Data: 'héllo ✓ 🚀 "quoted" \\ \n end',
        Tags: [
          { name: 'Action', value: 'Incr' },
          { name: 'Quote', value: 'say "hi"' },
          { name: 'Num', value: '12' },
          { value: 'reversed', name: 'Order' },
        ],
        Timestamp: 1_700_000_000_000,
        'Block-Height': 1000,
        Nonce: -3,
        Ratio: 1.5,
        Tiny: 1e-7,
        Huge: 1e21,
        Big: 2 ** 60,
        TooBig: 2 ** 64,
        Cron: false,
        'Read-Only': true,
        Missing: null,
        Gone: undefined,
        NaN: Number.NaN,
        Nested: { a: [1, null, 3, undefined, { b: [] }], c: {} },
      },
      { k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, k9: 9, k10: 10, '1': 'one', '-0': -0 },
    ];
    for (const value of values) expect(viaTables(value)).toBe(viaJson(value));
  });

  it('gives arrays with and without holes the pairs order and length the decoder gives', () => {
    const arrays: unknown[] = [
      [1, 2, 3, 4, 5],
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'],
      [1, null, null, null, null, null, null, 8],
      [null, 2],
      [1, 2, 3, null],
      [[1, 2], [3, null, 5], []],
    ];
    for (const value of arrays) expect(viaTables(value)).toBe(viaJson(value));
    expect(viaTables([1, null, null, null, null, null, null, 8])).toBe(
      'table {integer:1=integer:1,integer:8=integer:8}#1',
    );
    expect(viaTables([10, 20, 30, 40, 50])).toMatch(/#5$/);
  });

  it('keeps integers as integers and other numbers as floats', () => {
    expect(viaTables({ a: 3, b: 3.25, c: -0, d: 2 ** 53 + 2 })).toBe(
      'table {"c"=integer:0,"d"=integer:9007199254740994,"a"=integer:3,"b"=float:3.25}#0',
    );
  });

  it('hands a value it cannot build the decoder way over as its JSON text', () => {
    expect(viaTables({ Data: 'lone \ud800 surrogate' })).toBe(
      'string "{\\"Data\\":\\"lone \\\\ud800 surrogate\\"}"',
    );
    expect(viaTables('plain')).toBe('string "plain"');
  });
});
