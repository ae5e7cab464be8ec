import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputText } from '../src/runtime/scenario-output.js';
import { type AosTestProcess, createAosTestProcess } from './support/aos-process.js';

/**
 * The boot chunk encodes outbox messages and spawns (tables of scalar fields with a Tags list of such
 * tables) itself instead of calling json.encode: whatever the shape, the result must be the text
 * json.encode gives, or its error. A process whose process.handle is replaced returns the value of Data
 * as both Messages and Spawns, and the json.encode text of that value as its Output, so both can be
 * compared (JSON.parse keeps the key order of the text).
 */
describe('result Messages and Spawns encoding', () => {
  let p: AosTestProcess;
  beforeAll(async () => {
    p = await createAosTestProcess();
    await p.evaluate(`
      local process = require(".process")
      process.handle = function(msg)
        local value = load("return " .. msg.Data)()
        return { Output = require("json").encode(value), Messages = value, Spawns = value }
      end`);
  });
  afterAll(() => p.close());

  const encode = async (code: string) => {
    const result = await p.send({ action: 'Show', data: code });
    return {
      error: result.Error,
      messages: result.Messages,
      spawns: result.Spawns,
      json: outputText(result.Output),
    };
  };

  const expectJsonText = async (code: string, expected: unknown) => {
    const r = await encode(code);
    expect(r.error).toBeUndefined();
    expect(r.messages).toEqual(expected);
    expect(JSON.stringify(r.messages)).toBe(r.json);
    expect(JSON.stringify(r.spawns)).toBe(r.json);
  };

  it('encodes messages as ao.send builds them in json.encode key order, escaping and skipping functions', async () => {
    await expectJsonText(
      '{ { Target = "T", Data = "a\\"b\\n\\27[0m", Anchor = "00000001", n = 3, x = 1.5, yes = true, no = false, f = print,' +
        ' Tags = { { name = "Action", value = "Go" }, { value = "v\\t", name = "N", g = print } } },' +
        ' { Target = "U", Tags = { { name = "Reference", value = "2" } } } }',
      [
        {
          Target: 'T',
          Data: 'a"b\n\u001b[0m',
          Anchor: '00000001',
          n: 3,
          x: 1.5,
          yes: true,
          no: false,
          Tags: [
            { name: 'Action', value: 'Go' },
            { value: 'v\t', name: 'N' },
          ],
        },
        { Target: 'U', Tags: [{ name: 'Reference', value: '2' }] },
      ],
    );
  });

  it('writes empty tables as arrays and tables of functions only as objects, as json.encode does', async () => {
    await expectJsonText('{ { Tags = {} }, { f = print }, {}, { Tags = { {}, { f = print } } } }', [
      { Tags: [] },
      {},
      [],
      { Tags: [[], {}] },
    ]);
  });

  it('leaves other shapes to json.encode: tag maps, deeper nesting, metatables, arrays of scalars', async () => {
    await expectJsonText('{ { Tags = { Foo = "bar" } } }', [{ Tags: { Foo: 'bar' } }]);
    await expectJsonText('{ { Data = { x = { "a", "b" } } } }', [{ Data: { x: ['a', 'b'] } }]);
    await expectJsonText('{ { Tags = { { name = "a", value = { "v" } } } } }', [
      { Tags: [{ name: 'a', value: ['v'] }] },
    ]);
    await expectJsonText('{ setmetatable({ a = "x" }, { __index = { b = "y" } }) }', [{ a: 'x' }]);
    await expectJsonText('{ { Tags = { "a", "b" } } }', [{ Tags: ['a', 'b'] }]);
  });

  it('fails the message with the json.encode error for keys, numbers and sparse lists it refuses', async () => {
    expect((await encode('{ { [1.5] = "x", s = "t" } }')).error).toBe(
      '[string "json"]:83: invalid table: mixed or invalid key types',
    );
    expect((await encode('{ { Tags = { { name = "a", [true] = "b" } } } }')).error).toBe(
      '[string "json"]:83: invalid table: mixed or invalid key types',
    );
    expect((await encode('{ { n = math.huge } }')).error).toBe(
      '[string "json"]:118: unexpected number value \'inf\'',
    );
    expect((await encode('{ { Tags = { { name = "a" }, x = 1 } } }')).error).toBe(
      '[string "json"]:83: invalid table: mixed or invalid key types',
    );
  });

  it('escapes the control characters (0-31), the quote and the backslash as json.encode does (127: see aos-json)', async () => {
    const ascii = Array.from({ length: 127 }, (_, b) => String.fromCharCode(b)).join('');
    await expectJsonText(
      '(function () local m = {} for b = 0, 126 do m[#m + 1] = { Data = string.char(b) .. "x", Tags = { { name = "n", value = "y" .. string.char(b) } } } end return m end)()',
      Array.from(ascii, (c) => ({ Data: `${c}x`, Tags: [{ name: 'n', value: `y${c}` }] })),
    );
  });
});
