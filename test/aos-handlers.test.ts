import { describe, expect, it } from 'vitest';
import { outputText } from '../src/runtime/scenario-output.js';
import { ALICE, createAosTestProcess } from './support/aos-process.js';

const names =
  "local n = {} for _, h in ipairs(Handlers.list) do n[#n + 1] = h.name end return table.concat(n, ',')";

describe('aos Handlers', () => {
  it('keeps registration order: add/append at the end, prepend and once first, before/after around a name', async () => {
    const p = await createAosTestProcess();
    expect(
      await p.evaluate(
        "Handlers.add('a', 'A', function () end)\n" +
          "Handlers.append('b', 'B', function () end)\n" +
          "Handlers.prepend('c', 'C', function () end)\n" +
          "Handlers.once('D', function () end)\n" +
          "Handlers.before('b').add('b0', 'B0', function () end)\n" +
          "Handlers.after('b').add('b1', 'B1', function () end)\n" +
          "Handlers.after('missing').add('x', 'X', function () end)\n" +
          names,
      ),
    ).toBe('_once_0,c,_eval,_default,a,b0,b,b1');
    expect(await p.evaluate("return Handlers.add('a', 'A2', function () end)")).toBe('8');
    expect(await p.evaluate("Handlers.remove('_eval')\nreturn 1")).toBe('1');
    expect(await p.evaluate(names)).toBe('_once_0,c,_default,a,b0,b,b1,_eval');
    p.close();
  });

  it('skips the handler right after one removed by maxRuns, so the message reaches the Inbox', async () => {
    const p = await createAosTestProcess();
    await p.evaluate(
      "Handlers.add('contMax', function (m) return m.Action == 'U' and 'continue' or 0 end, function () print('contMax') end, 1)\n" +
        "Handlers.add('nextU', 'U', function () print('nextU') end)",
    );
    const first = await p.send({ action: 'U', from: ALICE });
    expect(outputText(first.Output)).toBe('contMax\nNew Message From ALI...001: Action = U');
    const second = await p.send({ action: 'U', from: ALICE });
    expect(outputText(second.Output)).toBe('nextU');
    p.close();
  });

  it('raises the reference error when a pattern returns nothing', async () => {
    const p = await createAosTestProcess();
    await p.evaluate(
      "Handlers.add('g', function (m) if m.Action == 'Nil' then return true end end, function () print('g ran') end)",
    );
    const bad = await p.send({ action: 'Other', from: ALICE });
    expect(bad.Error).toContain(
      '[string ".handlers"]:667: Pattern result is not valid, it MUST be string, number, or boolean',
    );
    expect(bad.Messages).toEqual([]);
    const good = await p.send({ action: 'Nil', from: ALICE });
    expect(outputText(good.Output)).toBe('g ran');
    p.close();
  });

  it('reports a handler error with the Action, the traceback line and the handler position', async () => {
    const p = await createAosTestProcess();
    await p.evaluate("Handlers.add('boom', 'Boom', function () error('kaboom') end)");
    const withAction = await p.send({ action: 'Boom', from: ALICE });
    expect(outputText(withAction.Error)).toBe(
      'Error handling message with Action = Boom\n[string ".handlers"]:723: [string "aos"]:1: kaboom\n\n' +
        'stack traceback:\n\t[string ".process"]:967: in function \'.process.handle\'\n\nerror:\n' +
        '[string ".handlers"]:723: [string "aos"]:1: kaboom',
    );
    await p.evaluate(
      "Handlers.add('any', function (m) return m.Data == 'x' end, function () error('no action') end)",
    );
    const noAction = await p.send({ from: ALICE, data: 'x' });
    expect(outputText(noAction.Error).startsWith('Error handling message \n')).toBe(true);
    p.close();
  });

  it('normalises tag names to Title-Case, extracts tags to the root (last wins) and maps Tags first-wins', async () => {
    const p = await createAosTestProcess();
    await p.evaluate(
      "Handlers.add('dup', 'Dup', function (m) print(m.X .. ' ' .. m.Tags.X .. ' ' .. m.Id .. ' ' .. m.Owner .. ' ' .. tostring(m.TTL) .. ' ' .. m.Ttl .. ' ' .. m['X-Custom'] .. ' ' .. tostring(m['From-Process']) .. ' ' .. m['Forwarded-By']) end)",
    );
    const result = await p.send({
      action: 'Dup',
      from: ALICE,
      tags: [
        { name: 'X', value: '1' },
        { name: 'X', value: '2' },
        { name: 'Id', value: 'SPOOF' },
        { name: 'Owner', value: 'SPOOF' },
        { name: 'TTL', value: '5' },
        { name: 'x_custom', value: 'c' },
        { name: 'Forwarded-By', value: 'FB' },
      ],
    });
    expect(outputText(result.Output)).toBe(`2 1 SPOOF ${ALICE} nil 5 c nil FB`);
    p.close();
  });

  it('caps the Inbox at 10000 entries, dropping the oldest', async () => {
    const p = await createAosTestProcess();
    expect(
      await p.evaluate(
        "local d for _, h in ipairs(Handlers.list) do if h.name == '_default' then d = h.handle end end\n" +
          "for i = 1, 10005 do d({ From = 'X', Data = tostring(i) }) end\n" +
          'for i = #HANDLER_PRINT_LOGS, 1, -1 do HANDLER_PRINT_LOGS[i] = nil end\n' +
          "return #Inbox .. ' ' .. Inbox[1].Data",
      ),
    ).toBe('10000 6');
    p.close();
  });

  it('resumes a handler suspended in Receive when the awaited message arrives', async () => {
    const p = await createAosTestProcess();
    await p.evaluate(
      "Handlers.add('wait', 'Wait', function (m) print('waiting'); local r = Receive({ Action = 'Go' }); print('resumed by ' .. r.From) end)",
    );
    expect(outputText((await p.send({ action: 'Wait', from: ALICE })).Output)).toBe('waiting');
    expect(await p.evaluate(names)).toBe('_once_0,_eval,_default,wait');
    expect(outputText((await p.send({ action: 'Go', from: ALICE })).Output)).toBe(`resumed by ${ALICE}`);
    p.close();
  });
});
