import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AosTestProcess, createAosTestProcess } from './support/aos-process.js';

/**
 * The boot chunk encodes the common Output (a flat table of strings and booleans) itself instead of
 * calling json.encode: whatever the shape, the result must be what json.encode gives. A process whose
 * process.handle is replaced returns `Output = <value of Data>` and the json.encode text of that value
 * as the Data of its one outbox message, so both can be compared.
 */
describe('result Output encoding', () => {
  let p: AosTestProcess;
  beforeAll(async () => {
    p = await createAosTestProcess();
    await p.evaluate(`
      local process = require(".process")
      process.handle = function(msg)
        local value = load("return " .. msg.Data)()
        return { Output = value, Messages = { { Data = require("json").encode(value) } } }
      end`);
  });
  afterAll(() => p.close());

  const encode = async (code: string) => {
    const result = await p.send({ action: 'Show', data: code });
    return { error: result.Error, output: result.Output, json: result.Messages[0]?.Data };
  };

  it('encodes a flat table of strings and booleans as json.encode does, skipping functions', async () => {
    const r = await encode(
      '{ data = "a\\"b\\n\\27[0m", prompt = "p", print = true, off = false, f = print }',
    );
    expect(r.output).toEqual({ data: 'a"b\n\u001b[0m', prompt: 'p', print: true, off: false });
    expect(JSON.stringify(r.output)).toBe(r.json);
  });

  it('encodes numbers, nested tables, arrays, strings and empty tables through json.encode', async () => {
    const cases: Array<[string, unknown]> = [
      ['{ n = 1.5, s = "t" }', { n: 1.5, s: 't' }],
      ['{ nested = { k = "v" }, s = "t" }', { nested: { k: 'v' }, s: 't' }],
      ['{ "x", "y" }', ['x', 'y']],
      ['"plain"', 'plain'],
      ['{}', []],
      ['{ f = print }', {}],
    ];
    for (const [code, expected] of cases) {
      const r = await encode(code);
      expect(r.output).toEqual(expected);
      expect(JSON.stringify(r.output)).toBe(r.json);
    }
  });

  it('fails the message with the json.encode error for a table with a non-string key', async () => {
    const r = await encode('{ [1.5] = "x", s = "t" }');
    expect(r.error).toBe('[string "json"]:83: invalid table: mixed or invalid key types');
  });
});
