import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AosTestProcess, createAosTestProcess } from './support/aos-process.js';

describe('aos json module', () => {
  let p: AosTestProcess;
  beforeAll(async () => {
    p = await createAosTestProcess();
  });
  afterAll(() => p.close());

  const run = (code: string) => p.evaluate(`local json = require('json')\n${code}`);
  const fail = (code: string) => p.evaluateError(`local json = require('json')\n${code}`);

  it('writes numbers with %.14g, integers without a fraction', async () => {
    expect(await run('return json.encode({ 1e15, 12345678901234567, 2^53, 42, 1.5, -0.0, 7 / 7 })')).toBe(
      '[1e+15,1.2345678901235e+16,9.007199254741e+15,42,1.5,-0,1]',
    );
  });

  it('escapes quotes, backslashes and control characters but not slashes or UTF-8', async () => {
    expect(await run('return json.encode("a/b\\n\\t\\27\\"\\\\é")')).toBe('"a/b\\n\\t\\u001b\\"\\\\é"');
  });

  it('escapes each of the 256 bytes exactly when it is a control character (0-31; 127 stays raw, as in aos), a quote or a backslash', async () => {
    const code = `
      local bs, q = string.char(92), string.char(34)
      local short = { [8] = bs .. "b", [9] = bs .. "t", [10] = bs .. "n", [12] = bs .. "f", [13] = bs .. "r", [34] = bs .. q, [92] = bs .. bs }
      local wrong = {}
      for b = 0, 255 do
        local c = string.char(b)
        local inner = short[b] or (b < 32 and string.format("%su%04x", bs, b)) or c
        if json.encode("a" .. c .. "z") ~= q .. "a" .. inner .. "z" .. q then wrong[#wrong + 1] = b end
      end
      return #wrong == 0 and "none" or table.concat(wrong, ",")`;
    expect(await run(code)).toBe('none');
  });

  it('encodes empty tables as arrays and skips function members of objects', async () => {
    expect(await run('return json.encode({ a = {}, f = print })')).toBe('{"a":[]}');
  });

  it('rejects sparse arrays, mixed keys, cycles, NaN and functions with the reference texts', async () => {
    expect(await fail('return json.encode({ [1] = 1, [3] = 3 })')).toContain(
      '[string "json"]:91: invalid table: sparse array',
    );
    expect(await fail('return json.encode({ 1, x = 2 })')).toContain(
      '[string "json"]:83: invalid table: mixed or invalid key types',
    );
    expect(await fail('local t = {}; t.self = t; return json.encode(t)')).toContain('circular reference');
    expect(await fail('return json.encode({ 0/0 })')).toContain("unexpected number value '");
    expect(await fail('return json.encode({ print })')).toContain("unexpected type 'function'");
  });

  it('decodes integers as integers, other numbers as floats, and null as a hole', async () => {
    expect(
      await run(
        "local t = json.decode('[1, 2.0, 1e3, 12345678901234567890, null, 6]')\n" +
          "return math.type(t[1]) .. ' ' .. tostring(t[2]) .. ' ' .. tostring(t[3]) .. ' ' .. tostring(t[4]) .. ' ' .. tostring(t[5]) .. ' ' .. t[6]",
      ),
    ).toBe('integer 2.0 1000.0 1.2345678901235e+19 nil 6');
  });

  it('decodes escapes including surrogate pairs, and tag-shaped objects with escapes', async () => {
    expect(await run(`return json.decode('"\\\\u00e9\\\\ud83d\\\\ude00\\\\n\\\\/"') == "é😀\\n/"`)).toBe(
      'true',
    );
    expect(await run(`return json.decode('[{"name":"a\\\\"b","value":"c"}]')[1].name`)).toBe('a"b');
  });

  it('reports decode errors with line and column', async () => {
    expect(await fail('return json.decode(\'{\\n  "a": x }\')')).toContain(
      "unexpected character 'x' at line 2 col 8",
    );
    expect(await fail("return json.decode('[1, 2')")).toContain("expected ']' or ','");
    expect(await fail("return json.decode('{} x')")).toContain('trailing garbage at line 1 col 4');
  });
});
