import { describe, expect, it } from 'vitest';
import { outputText } from '../src/runtime/scenario-output.js';
import { ALICE, createAosTestProcess } from './support/aos-process.js';

const entry = (name: string) =>
  `local e for _, h in ipairs(Handlers.list) do if h.name == '${name}' then e = h end end\n`;

describe('aos system handlers re-registered on every message', () => {
  it('gives _eval and _default back their pattern, handler and unlimited runs on the next message', async () => {
    const p = await createAosTestProcess();
    await p.evaluate(
      `${entry('_default')}e.pattern = 'Never'\ne.maxRuns = 3\ne.handle = function () print('replaced') end\n` +
        `${entry('_eval')}e.maxRuns = 7\nreturn 1`,
    );
    expect(
      await p.evaluate(
        `${entry('_default')}local d = tostring(e.maxRuns) .. ' ' .. type(e.pattern)\n` +
          `${entry('_eval')}return d .. ' ' .. tostring(e.maxRuns)`,
      ),
    ).toBe('nil function nil');
    const plain = await p.send({ action: 'Hello', from: ALICE });
    expect(outputText(plain.Output)).toContain('New Message From');
    expect(await p.evaluate("return #Inbox .. ' ' .. Inbox[#Inbox].Action")).toBe('2 Hello');
    p.close();
  });

  it('calls Handlers.add and Handlers.append for _eval and _default when process code replaced them', async () => {
    const p = await createAosTestProcess();
    await p.evaluate(
      'Calls = {}\nlocal add, append = Handlers.add, Handlers.append\n' +
        'Handlers.add = function (name, ...) Calls[#Calls + 1] = "add " .. name return add(name, ...) end\n' +
        'Handlers.append = function (name, ...) Calls[#Calls + 1] = "append " .. name return append(name, ...) end\n' +
        'return 1',
    );
    await p.send({ action: 'Hello', from: ALICE });
    expect(await p.evaluate("return table.concat(Calls, ',')")).toBe(
      'add _eval,append _default,add _eval,append _default',
    );
    p.close();
  });

  it('registers _eval again at the end of the list after process code removed it', async () => {
    const p = await createAosTestProcess();
    await p.evaluate("Handlers.add('mine', 'Mine', function () end)\nHandlers.remove('_eval')\nreturn 1");
    expect(
      await p.evaluate(
        "local n = {} for _, h in ipairs(Handlers.list) do n[#n + 1] = h.name end return table.concat(n, ',')",
      ),
    ).toBe('_default,mine,_eval');
    p.close();
  });

  it('builds msg.Tags and the root tags with process-replaced Tab and ao.normalize', async () => {
    const p = await createAosTestProcess();
    await p.evaluate(
      'local tab, normalize = Tab, ao.normalize\n' +
        "Tab = function (m) local t = tab(m) t.Seen = 'tab' return t end\n" +
        "ao.normalize = function (m) normalize(m) m.Normalized = 'yes' return m end\n" +
        "Handlers.add('look', 'Look', function (m) print(m.Tags.Seen .. ' ' .. m.Normalized .. ' ' .. m.Color) end)",
    );
    const seen = await p.send({ action: 'Look', from: ALICE, tags: [{ name: 'color', value: 'red' }] });
    expect(outputText(seen.Output)).toBe('tab yes red');
    p.close();
  });
});
