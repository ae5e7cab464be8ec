import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { isAoliteError } from '../src/core/errors.js';
import { parseScenario, scenarioMessages } from '../src/runtime/scenario.js';
import { compareLines, errorCore, outputMatches } from '../src/runtime/scenario-compare.js';
import { cleanText, type ResultLine, resultLine, sortTags } from '../src/runtime/scenario-output.js';

const PROCESS = 'PROCESS-00000000000000000000000000000000001';
const AUTHORITY = 'AUTHORITY-000000000000000000000000000000001';

describe('scenario messages', () => {
  const scenario = parseScenario({
    name: 'x',
    process: { tags: [{ name: 'Name', value: 'x' }] },
    steps: [
      { action: 'Hi', tags: { Foo: 'bar', From: 'spoof' }, data: 'd' },
      { action: 'Hi', from: 'OTHER', fromProcess: true, timestamp: 5, blockHeight: 7 },
    ],
  });
  const [boot, first, second] = scenarioMessages(scenario);

  it('makes step 0 the process message with the process tags and the authority', () => {
    expect(boot?.msg.Id).toBe(PROCESS);
    expect(boot?.msg.Target).toBe(PROCESS);
    expect(boot?.msg.Timestamp).toBe(1_700_000_000_000);
    expect(boot?.env.Process.Tags.map((t) => t.name)).toEqual([
      'Data-Protocol',
      'Variant',
      'Type',
      'Module',
      'Scheduler',
      'Authority',
      'Name',
    ]);
  });

  it('puts user tags first, drops From/Owner tags, then adds the aoconnect base tags', () => {
    expect(first?.msg.Id).toBe('MSG-000000000000000000000000000000000000001');
    expect(first?.msg.Tags).toEqual([
      { name: 'Action', value: 'Hi' },
      { name: 'Foo', value: 'bar' },
      { name: 'Data-Protocol', value: 'ao' },
      { name: 'Variant', value: 'ao.TN.1' },
      { name: 'Type', value: 'Message' },
      { name: 'SDK', value: 'aoconnect' },
    ]);
    expect(first?.msg.From).toBe('OWNER-0000000000000000000000000000000000001');
    expect(first?.msg.Nonce).toBe(1);
    expect(first?.msg.Timestamp).toBe(1_700_000_001_000);
  });

  it('signs process-pushed steps by the authority with a From-Process tag', () => {
    expect(second?.msg.From).toBe('OTHER');
    expect(second?.msg.Owner).toBe(AUTHORITY);
    expect(second?.msg['Forwarded-By']).toBe(AUTHORITY);
    expect(second?.msg.Tags).toContainEqual({ name: 'From-Process', value: 'OTHER' });
    expect([second?.msg.Timestamp, second?.msg['Block-Height']]).toEqual([5, 7]);
  });

  it('leaves the Authority tag out with noAuthority and rejects malformed scenarios', () => {
    const bare = parseScenario({ process: { noAuthority: true }, steps: [] });
    expect(scenarioMessages(bare)[0]?.env.Process.Tags.some((t) => t.name === 'Authority')).toBe(false);
    expect(() => parseScenario({ steps: 'no' })).toThrow('invalid scenario: steps must be an array');
    try {
      parseScenario({ steps: [{ timestamp: 'soon' }] });
      expect.unreachable();
    } catch (err) {
      expect(isAoliteError(err) && err.code).toBe('BAD_REQUEST');
      expect((err as Error).message).toBe('invalid scenario: steps[0].timestamp must be an integer');
    }
  });
});

describe('scenario output lines', () => {
  it('strips colours, masks addresses, sorts tags and takes Output.data', () => {
    expect(cleanText('\u001b[32mtable: 0x1a2b\u001b[0m')).toBe('table: 0xADDR');
    expect(
      sortTags([
        { name: 'b', value: '1' },
        { name: 'a', value: '2' },
        { name: 'a', value: '1' },
      ]),
    ).toEqual([
      { name: 'a', value: '1' },
      { name: 'a', value: '2' },
      { name: 'b', value: '1' },
    ]);
    const line = resultLine(
      { step: 3, msg: { Id: 'M3' } as never, env: {} as never, action: 'Go' },
      {
        Output: { data: '\u001b[34mhi\u001b[0m', prompt: 'p', print: true },
        Messages: [{ Anchor: '1', Tags: [{ name: 'Z', value: 1 }] }],
        Spawns: [],
        Assignments: [],
        GasUsed: 0,
      },
    );
    expect(line).toEqual({
      step: 3,
      Id: 'M3',
      Action: 'Go',
      Output: 'hi',
      Error: null,
      Messages: [{ Target: null, Anchor: '1', Tags: [{ name: 'Z', value: 1 }], Data: null }],
      Spawns: [],
      Assignments: [],
    });
  });
});

describe('scenario comparison', () => {
  const base: ResultLine = {
    step: 1,
    Id: 'M',
    Output: '',
    Error: null,
    Messages: [],
    Spawns: [],
    Assignments: [],
  };

  it('compares set outputs item by item after the label', () => {
    expect(outputMatches('tags: a,b,c\nroot: x,y', 'tags: c,a,b\nroot: y,x', true)).toBe(true);
    expect(outputMatches('tags: a,b,c', 'tags: a,b,d', true)).toBe(false);
    expect(outputMatches('a,b', 'b,a', false)).toBe(false);
    expect(outputMatches('{"a":1,"b":2}', '{"b":2,"a":1}', false)).toBe(true);
  });

  it('matches errors on their core message and data structurally', () => {
    expect(errorCore('[string ".handlers"]:723: [string "aos"]:6: boom!')).toBe(': : boom!');
    const expected = {
      ...base,
      Error: 'x\nstack traceback:\n\t[string ".process"]:967: in f\n[string "aos"]:6: boom!',
    };
    expect(compareLines(expected, { ...base, Error: 'x\n[string "aos"]:9: boom!' })).toEqual([]);
    expect(compareLines(expected, { ...base, Error: 'other' })).toHaveLength(1);
    expect(compareLines(expected, base)).toHaveLength(1);
    const msg = (data: string) => ({ Target: 'T', Anchor: '1', Tags: [], Data: data });
    expect(
      compareLines(
        { ...base, Messages: [msg('{"a":1,"b":2}')] },
        { ...base, Messages: [msg('{"b":2,"a":1}')] },
      ),
    ).toEqual([]);
    expect(compareLines({ ...base, Messages: [msg('1')] }, { ...base, Messages: [msg('2')] })).toHaveLength(
      1,
    );
  });
});

describe('aolite run-scenario', () => {
  it('prints one JSON line per message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aolite-scenario-'));
    const file = join(dir, 's.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 's',
        process: { tags: [{ name: 'Name', value: 's' }] },
        steps: [{ action: 'Eval', data: '1 + 1' }],
      }),
    );
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const code = await main(['run-scenario', file]);
    spy.mockRestore();
    expect(code).toBe(0);
    const lines = out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ResultLine);
    expect(lines.map((l) => [l.step, l.Output, l.Error])).toEqual([
      [0, '', null],
      [1, '2', null],
    ]);
  });

  it('exits with 2 and names the file when it is missing or not JSON', async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => errors.push(line));
    expect(await main(['run-scenario', '/nonexistent/x.json'])).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'aolite-scenario-'));
    writeFileSync(join(dir, 'bad.json'), '{nope');
    expect(await main(['run-scenario', join(dir, 'bad.json')])).toBe(2);
    expect(await main(['run-scenario'])).toBe(2);
    spy.mockRestore();
    expect(errors[0]).toContain('cannot read scenario file /nonexistent/x.json');
    expect(errors[1]).toContain('is not valid JSON');
    expect(errors[2]).toBe('usage: aolite run-scenario FILE.json');
  });
});
