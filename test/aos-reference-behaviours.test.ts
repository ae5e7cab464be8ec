import { describe, expect, it } from 'vitest';
import { outputText } from '../src/runtime/scenario-output.js';
import { ALICE, createAosTestProcess } from './support/aos-process.js';

/**
 * Divergences from aos 2.0.6 found by running the same messages through the real module (ao-loader) and
 * aolite side by side; each expectation is what the real module returned.
 */
describe('aos 2.0.6 behaviours a process relies on', () => {
  const PROC = 'PROC-0000000000000000000000000000000000000001';
  const MU1 = 'MU1-00000000000000000000000000000000000001';
  const MU2 = 'MU2-00000000000000000000000000000000000001';

  it('ao.isTrusted checks ao.authorities only; the trust gate still passes a message signed by its sender', async () => {
    const p = await createAosTestProcess();
    await p.evaluate(
      "Handlers.add('t', 'T', function (m) print('isTrusted=' .. tostring(ao.isTrusted(m))) end)",
    );
    expect(outputText((await p.send({ action: 'T', from: ALICE })).Output)).toBe('isTrusted=false');
    expect(await p.evaluate('return tostring(ao.isTrusted({ From = Owner, Owner = Owner }))')).toBe('false');
    p.close();
  });

  it('splits an Authority value on commas only, so "A, B" does not trust B', async () => {
    const p = await createAosTestProcess({ Authority: `${MU1}, ${MU2}` });
    const fromMu2 = await p.send({ action: 'Hi', from: PROC, fromProcess: true, owner: MU2 });
    expect(outputText(fromMu2.Output)).toBe(`Message is not trusted! From: ${PROC} - Owner: ${MU2}`);
    expect(await p.evaluate("return table.concat(ao.authorities, '|')")).toContain(`${MU1}| ${MU2}`);
    const fromMu1 = await p.send({ action: 'Hi', from: PROC, fromProcess: true, owner: MU1 });
    expect(outputText(fromMu1.Output)).toContain('New Message From PRO...001: Action = Hi');
    p.close();
  });

  it('matches a table pattern on the field and the tag alike: a function pattern runs twice and may get nil', async () => {
    const p = await createAosTestProcess();
    await p.evaluate(
      'Calls = 0\n' +
        "Handlers.add('len', { Action = 'D', Data = function (d) return #d > 3 end }, function () print('len ran') end)\n" +
        "Handlers.add('count', { Action = 'C', Data = function (d) Calls = Calls + 1 return true end }, function () end)\n" +
        "Handlers.add('cron', { Action = 'K', Cron = '_' }, function () print('cron ran') end)",
    );
    const nilData = await p.send({ action: 'D', from: ALICE, data: 'hello' });
    expect(nilData.Error).toContain("attempt to get length of a nil value (local 'd')");
    await p.evaluate("Handlers.remove('len')");
    await p.send({ action: 'C', from: ALICE, data: 'x' });
    expect(await p.evaluate('return Calls')).toBe('2');
    // Cron is false on an ordinary message: a key that is false or absent does not match, even with "_".
    expect(outputText((await p.send({ action: 'K', from: ALICE })).Output)).toBe(
      'New Message From ALI...001: Action = K',
    );
    p.close();
  });

  it('passes a nil pattern result through Handlers.utils.continue, which evaluate refuses', async () => {
    const p = await createAosTestProcess();
    await p.evaluate(
      "Handlers.add('c', Handlers.utils.continue(function (m) if m.Action == 'Yes' then return true end end), function () end)",
    );
    expect((await p.send({ action: 'Other', from: ALICE })).Error).toContain(
      'Pattern result is not valid, it MUST be string, number, or boolean',
    );
    p.close();
  });

  it('counts a numeric string maxRuns down, names once() only with exactly three arguments, checks before().add', async () => {
    const p = await createAosTestProcess();
    await p.evaluate("Handlers.add('m', 'M', function () print('m ran') end, '2')");
    expect(outputText((await p.send({ action: 'M', from: ALICE })).Output)).toBe('m ran');
    expect(outputText((await p.send({ action: 'M', from: ALICE })).Output)).toBe('m ran');
    expect(outputText((await p.send({ action: 'M', from: ALICE })).Output)).toBe(
      'New Message From ALI...001: Action = M',
    );
    expect(
      await p.evaluate("Handlers.once('named', 'N', function () end, 'extra')\nreturn Handlers.list[1].name"),
    ).toBe('_once_0');
    expect(await p.evaluateError("Handlers.before('_default').add('bad', 5, function () end)")).toContain(
      'Invalid arguments given. Expected: \n\tname : string, \tpattern : Action : string | MsgMatch : table,\n' +
        '\t\tfunction(msg: Message) : {-1 = break, 0 = skip, 1 = continue},\n' +
        '\thandle(msg : Message) : void) | Resolver,\n\tMaxRuns? : number | "inf" | nil',
    );
    expect(await p.evaluate('return type(Handlers.generateResolver)')).toBe('function');
    p.close();
  });
});

describe('aos 2.0.6 library functions', () => {
  it('curries by parameter count and keeps only the first of the arguments given early, as aos', async () => {
    const p = await createAosTestProcess();
    expect(await p.evaluate('return Utils.curry(function (a, b) return a + b end)(1)(2)')).toBe('3');
    expect(await p.evaluate("return tostring(Utils.propEq('name', 'Lua', { name = 'Lua' }))")).toBe('true');
    expect(await p.evaluateError("return Utils.propEq('name', 'Lua')({ name = 'Lua' })")).toContain(
      'second argument should be a string',
    );
    expect(await p.evaluateError('return #Utils.reverse({ a = 1 })')).toContain(
      'third argument should be a table that is an array',
    );
    expect(await p.evaluate("return table.concat(Utils.reverse({ 1, 2, 3 }), ',')")).toBe('3,2,1');
    p.close();
  });

  it('capitalizes the first letter and lower-cases the rest; leaves what is not a string', async () => {
    const p = await createAosTestProcess();
    expect(await p.evaluate("return Utils.capitalize('hELLO world')")).toBe('Hello world');
    expect(await p.evaluate('return math.type(Utils.capitalize(5)) .. math.type(Utils.normalize(5))')).toBe(
      'integerinteger',
    );
    p.close();
  });

  it('decodes JSON as leniently as aos: trailing commas, and numbers as tonumber reads them', async () => {
    const p = await createAosTestProcess();
    expect(
      await p.evaluate(
        `local json = require('json') local t = json.decode('{"a":[1,2,],"b":0x10,}') return #t.a .. ',' .. t.b`,
      ),
    ).toBe('2,16');
    expect(
      await p.evaluate(
        "local json = require('json') local t = json.decode('[0x10, 1., 01]') return t[1] .. ',' .. t[2] .. ',' .. t[3]",
      ),
    ).toBe('16,1.0,1');
    expect(await p.evaluate("return require('json').encode('a' .. string.char(127) .. 'z')")).toBe(
      `"a${String.fromCharCode(127)}z"`,
    );
    p.close();
  });

  it('dumps a name key bare and any other key in brackets', async () => {
    const p = await createAosTestProcess();
    expect(
      await p.evaluate(
        "return require('.dump')({ a = 1, ['a b'] = 2, ['end'] = 3, [2] = 'x', b = { c = true } })",
      ),
    ).toBe(
      '{\n    [2] = "x",\n    ["a b"] = 2,\n    ["end"] = 3,\n    a = 1,\n    b = {\n        c = true\n    }\n}',
    );
    p.close();
  });

  it('prints a table shared by two keys as one <circular reference>, as aos', async () => {
    const p = await createAosTestProcess();
    expect(await p.evaluate('local s = { x = 1 } return { a = s, b = s }')).toBe('<circular reference>');
    expect(await p.evaluate('local t = { a = 1 } t.self = t return t')).toBe(
      '{\n   a = 1,\n   self = <circular reference>\n}',
    );
    p.close();
  });

  it('checks Spawn arguments as aos: no module, or a string for the message, raise', async () => {
    const p = await createAosTestProcess();
    expect(await p.evaluateError('Spawn()')).toContain('Module source id is required!');
    expect(await p.evaluateError("Spawn('MODX')")).toContain('Message must be a table');
    p.close();
  });

  it('keeps the Nonce of the last message handled in ao.Nonce; math.random(m) needs m >= 1; tprint ends lines', async () => {
    const p = await createAosTestProcess();
    await p.evaluate("Handlers.add('n', 'N', function () print('nonce=' .. tostring(ao.Nonce)) end)");
    await p.send({ action: 'N', from: ALICE });
    const second = await p.send({ action: 'N', from: ALICE });
    expect(outputText(second.Output)).toBe('nonce=2');
    expect(await p.evaluateError('return math.random(0)')).toContain('max must bigger than min');
    expect(await p.evaluate("return require('.pretty').tprint({ a = 1, b = { c = true } })")).toBe(
      'a: 1\nb: \n c: true\n',
    );
    p.close();
  });

  it('reads a Tags table that mixes list entries and named keys as a map, as aos', async () => {
    const p = await createAosTestProcess();
    const sent = await p.send({
      action: 'Eval',
      data: "Send({ Target = 'T', Tags = { { name = 'A', value = '1' }, B = '2' } }) return 'ok'",
    });
    const tags = sent.Messages[0]?.Tags ?? [];
    expect(tags.find((t) => t.name === 'B')?.value).toBe('2');
    // As the reference: the list entry becomes a tag named 1 whose value is the entry itself.
    expect(tags.find((t) => String(t.name) === '1')?.value).toEqual({ name: 'A', value: '1' });
    expect(tags.some((t) => t.name === 'A')).toBe(false);
    const list = await p.send({
      action: 'Eval',
      data: "Send({ Target = 'T', Tags = { { name = 'A', value = '1' }, { name = 'C', value = '3' } } }) return 'ok'",
    });
    expect((list.Messages[0]?.Tags ?? []).filter((t) => t.name === 'A' || t.name === 'C')).toEqual([
      { name: 'A', value: '1' },
      { name: 'C', value: '3' },
    ]);
    p.close();
  });
});
