import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputText } from '../src/runtime/scenario-output.js';
import { type AosTestProcess, createAosTestProcess } from './support/aos-process.js';

describe('aos print, stringify and Dump', () => {
  let p: AosTestProcess;
  beforeAll(async () => {
    p = await createAosTestProcess();
  });
  afterAll(() => p.close());

  it('prints only the first argument and colours scalars', async () => {
    expect(
      await p.evaluate('print("a"); print(1); print(true); print(nil); print("b", "c"); return "ret"'),
    ).toBe('a\n1\ntrue\nnil\nb\nret');
  });

  it('formats simple arrays on one line and the empty table with two spaces', async () => {
    expect(await p.evaluate('return { 1, "two", 3 }')).toBe('{ 1, "two", 3 }');
    expect(await p.evaluate('return {}')).toBe('{  }');
  });

  it('formats nested key/value tables with the reference indentation, keys sorted', async () => {
    expect(await p.evaluate('return { zeta = 1, alpha = { b = { c = 1 } }, mid = "m" }')).toBe(
      '{\n   alpha = {\n     b = {\n       c = 1\n    }\n  },\n   mid = "m",\n   zeta = 1\n}',
    );
    expect(await p.evaluate('return { 1, { 2 } }')).toBe('{\n  1,\n  { 2 }\n }');
  });

  it('drops the array items collected before the first non-sequence key', async () => {
    expect(await p.evaluate('return { 1, 2, x = "y" }')).toBe('{\n   x = "y"\n}');
  });

  it('shows a table met again as <circular reference>', async () => {
    expect(await p.evaluate('local t = { a = 1 }; t.self = t; return t')).toBe(
      '{\n   a = 1,\n   self = <circular reference>\n}',
    );
  });

  it('returns the print log through Dump in Output.test for Eval', async () => {
    const result = await p.send({ action: 'Eval', data: 'print("a"); print(1)' });
    const output = result.Output as { test: string; print?: boolean; prompt: string };
    expect(output.test).toBe('{\n    [1] = "a",\n    [2] = "\\27[32m1\\27[0m"\n}');
    expect(output.print).toBeUndefined();
    expect(outputText(output.prompt)).toBe('test@aos-2.0.4[Inbox:1]> ');
  });

  it('shows the current Name and Inbox size in every prompt, after either changes', async () => {
    const prompt = async (step: Parameters<AosTestProcess['send']>[0]) => {
      const result = await p.send(step);
      return outputText((result.Output as { prompt: string }).prompt);
    };
    const before = await prompt({ action: 'Eval', data: 'return #Inbox' });
    const count = Number(/\[Inbox:(\d+)\]/.exec(before)?.[1]);
    expect(before).toBe(`test@aos-2.0.4[Inbox:${count}]> `);
    await p.send({ action: 'Unhandled-Action', data: 'to the inbox' });
    expect(await prompt({ action: 'Eval', data: 'Name = "renamed"' })).toBe(
      `renamed@aos-2.0.4[Inbox:${count + 1}]> `,
    );
    expect(await prompt({ action: 'Eval', data: 'Name = "test"; Inbox = {}' })).toBe(
      'test@aos-2.0.4[Inbox:0]> ',
    );
  });

  it('fails the whole message when a function is printed', async () => {
    expect(await p.evaluateError('print(print)')).toBe(
      '[string ".process"]:983: invalid value (function) at index 1 in table for \'concat\'',
    );
  });

  it('adds the Eval return value after the prints, tostring for non-tables', async () => {
    expect(await p.evaluate('print("x"); return 10 / 2')).toBe('x\n5.0');
    expect(await p.evaluate('return false')).toBe('');
  });
});
