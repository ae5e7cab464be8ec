import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/runtime/scenario.js';
import { outputText } from '../src/runtime/scenario-output.js';
import { runScenario } from '../src/runtime/scenario-run.js';
import { ALICE, createAosTestProcess } from './support/aos-process.js';

describe('aos process pipeline', () => {
  it('runs On-Boot=Data code from the process message and prints its result', async () => {
    const scenario = parseScenario({
      process: {
        tags: { Name: 'kid', 'On-Boot': 'Data' },
        data: 'Booted = true\nprint("boot ran")\nreturn 7',
      },
      steps: [{ action: 'Eval', data: "return tostring(Booted) .. ' ' .. #Inbox .. ' ' .. Name" }],
    });
    const lines = await runScenario(scenario);
    expect(lines.map((l) => l.Output)).toEqual(['boot ran\n7', 'true 1 kid']);
  });

  it('forwards a message with X- routing tags and without the non-forwardable ones', async () => {
    const p = await createAosTestProcess();
    await p.evaluate(
      "Handlers.add('fwd', 'Fwd', function (m) m.forward('OTHERPROC', { Extra = 'yes' }) end)",
    );
    const result = await p.send({
      action: 'Fwd',
      from: ALICE,
      data: 'payload',
      tags: [{ name: 'Reference', value: '3' }],
    });
    expect(result.Messages).toHaveLength(1);
    const [m] = result.Messages;
    expect(m?.Target).toBe('OTHERPROC');
    expect(m?.Data).toBe('payload');
    const tags = Object.fromEntries((m?.Tags ?? []).map((t) => [t.name, t.value]));
    expect(tags).toMatchObject({
      Action: 'Fwd',
      Extra: 'yes',
      'Reply-To': ALICE,
      'X-Reference': '3',
      'X-Origin': ALICE,
      Reference: '1',
    });
    expect(
      Object.keys(tags).filter((n) => ['Id', 'Owner', 'Timestamp', 'Nonce', 'Tags', 'TagArray'].includes(n)),
    ).toEqual([]);
    p.close();
  });

  it('pins os.time to the message timestamp whatever its arguments', async () => {
    const p = await createAosTestProcess();
    const result = await p.send({
      action: 'Eval',
      data: 'return os.time({ year = 2020, month = 1, day = 1 })',
      timestamp: 1234,
    });
    expect(outputText(result.Output)).toBe('1234');
    p.close();
  });

  it('pins os.clock and renders os.date in UTC at 10 s after the epoch unless given a time', async () => {
    const p = await createAosTestProcess();
    expect(
      await p.evaluate(
        "return os.clock() .. '|' .. os.date() .. '|' .. os.date('%Y-%m-%d %H:%M:%S', 1700000000)",
      ),
    ).toBe('0.001|Thu Jan 01 00:00:10 1970|2023-11-14 22:13:20');
    p.close();
  });

  it('serves only the bundled modules to require', async () => {
    const p = await createAosTestProcess();
    expect(
      await p.evaluate(
        "return type(require('json').encode) .. ' ' .. tostring(require('ao') == require('.ao')) .. ' ' .. type(require('.pretty').tprint) .. ' ' .. tostring(json) .. ' ' .. tostring(utils)",
      ),
    ).toBe('function true function nil nil');
    expect(await p.evaluateError("return require('bint')")).toContain("module 'bint' not found");
    p.close();
  });

  it('encodes and decodes base64 with the standard and custom alphabets', async () => {
    const p = await createAosTestProcess();
    expect(
      await p.evaluate(
        "local b = require('.base64')\nlocal e = b.encode('hello world!?')\nreturn e .. ' ' .. b.decode(e) .. ' ' .. b.encode('\\255\\254', b.makeencoder('-', '_'))",
      ),
    ).toBe('aGVsbG8gd29ybGQhPw== hello world!? __4=');
    p.close();
  });

  it('rejects an untrusted process-pushed message and an unassignable assignment', async () => {
    const p = await createAosTestProcess();
    const untrusted = await p.send({ action: 'Hi', from: 'PROCX', fromProcess: true, owner: 'BADMU' });
    expect(outputText(untrusted.Output)).toBe('Message is not trusted! From: PROCX - Owner: BADMU');
    expect(untrusted.Messages).toEqual([]);
    const assignment = await p.send({ action: 'Hi', from: 'U9', target: 'OTHERPROC' });
    expect(outputText(assignment.Output)).toBe('Assignment is not trusted! From: U9 - Owner: U9');
    expect(assignment.Messages.map((m) => [m.Target, m.Data])).toEqual([
      ['U9', 'Assignment is not trusted by this process!'],
    ]);
    p.close();
  });

  it('rolls the process back after an error: state, references and Errors stay as before', async () => {
    const p = await createAosTestProcess();
    await p.evaluate('Count = 0');
    expect(await p.evaluateError("Count = 1; Send({ Target = 'X' }); error('nope')")).toContain('nope');
    expect(
      await p.evaluate("Send({ Target = 'X' }); return Count .. ' ' .. ao.reference .. ' ' .. #Errors"),
    ).toBe('0 1 0');
    p.close();
  });
});
