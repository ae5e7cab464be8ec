import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { createLuaEngine } from '../src/runtime/engine.js';
import { loadAosLibrary } from '../src/runtime/library.js';
import { createProcessRuntime } from '../src/runtime/process-runtime.js';
import { parseScenario, scenarioMessages } from '../src/runtime/scenario.js';
import { DEFAULT_LIMITS } from '../src/runtime/types.js';

const messages = scenarioMessages(
  parseScenario({
    name: 'boot-image',
    process: { tags: [{ name: 'Name', value: 'boot-image' }] },
    steps: [
      {
        action: 'Eval',
        data: `Count = 0
Handlers.add('Incr', Handlers.utils.hasMatchingTag('Action', 'Incr'), function (msg)
  Count = Count + 1
  local keys = {}
  for k in pairs({ alpha = 1, beta = 2, gamma = 3, [Count] = 4 }) do keys[#keys + 1] = tostring(k) end
  print(table.concat(keys, ',') .. ' ' .. math.random(1000))
  Send({ Target = msg.From, Action = 'Counted', Data = tostring(Count) })
end)`,
      },
      { action: 'Incr' },
      { action: 'Incr' },
      { action: 'Eval', data: 'error("rolled back")' },
      { action: 'Incr' },
      { action: 'Eval', data: 'return Count' },
    ],
  }),
);

describe('boot from a memory image', () => {
  it('gives the same engine memory as running the whole init sequence', async () => {
    const scratch = await createLuaEngine({ fromScratch: true });
    const image = await createLuaEngine();
    expect(image.memoryHash()).toBe(scratch.memoryHash());
    expect(Buffer.from(image.snapshot()).equals(Buffer.from(scratch.snapshot()))).toBe(true);
    const probe =
      'function probe() local t = {} for i = 1, 30 do t["k" .. i] = i end local o = {} for k in pairs(t) do o[#o + 1] = k end return table.concat(o, ",") end';
    scratch.run(probe, 'probe');
    image.run(probe, 'probe');
    expect(image.call('probe')).toBe(scratch.call('probe'));
    expect(image.memoryHash()).toBe(scratch.memoryHash());
    scratch.close();
    image.close();
  });

  it('runs a process booted from the cached library image byte-identically to one booted from scratch', async () => {
    const library = loadAosLibrary();
    // The first runtime of a library boots it and caches the image; the second copies that image.
    const first = await createProcessRuntime({ library, limits: DEFAULT_LIMITS });
    const fromImage = await createProcessRuntime({ library, limits: DEFAULT_LIMITS });
    const fromScratch = await createProcessRuntime({ library, limits: DEFAULT_LIMITS, fromScratch: true });
    expect(fromImage.memoryHash()).toBe(fromScratch.memoryHash());
    const outputs: unknown[] = [];
    for (const m of messages) {
      const a = fromImage.handle(m.msg, m.env);
      const b = fromScratch.handle(m.msg, m.env);
      expect(a).toEqual(b);
      expect(fromImage.memoryHash()).toBe(fromScratch.memoryHash());
      outputs.push(a.Error === undefined ? (a.Output as { data?: unknown }).data : 'error');
    }
    expect(outputs.at(-1)).toBe('3');
    expect(outputs.filter((o) => o === 'error')).toHaveLength(1);
    expect(Buffer.from(fromImage.snapshot()).equals(Buffer.from(fromScratch.snapshot()))).toBe(true);
    for (const rt of [first, fromImage, fromScratch]) rt.close();
  });

  it('formats os.date conversions in the C locale, as the reference build does', async () => {
    const lua = await createLuaEngine();
    lua.run('function d(f, t) return os.date(f, tonumber(t)) end', 'date');
    expect(lua.call('d', '%c|%x|%X|%D|%F|%r|%R|%T', '1735603200')).toBe(
      'Tue Dec 31 00:00:00 2024|12/31/24|00:00:00|12/31/24|2024-12-31|12:00:00 AM|00:00|00:00:00',
    );
    expect(lua.call('d', '%a %A %b %B %C %d %e %j %u %w %y %Y %p %z %Z %%', '951825600')).toBe(
      'Tue Tuesday Feb February 20 29 29 060 2 2 00 2000 PM +0000 GMT %',
    );
    // ISO weeks at year ends: 2024-12-31 is in week 1 of 2025, 2021-01-01 in week 53 of 2020.
    expect(lua.call('d', '%V %G %g %U %W', '1735603200')).toBe('01 2025 25 52 53');
    expect(lua.call('d', '%V %G %g %U %W', '1609459200')).toBe('53 2020 20 00 00');
    expect(lua.call('d', '%Ec %EY %Od %OH', '10')).toBe('%c 1970 01 00');
    lua.close();
  });
});
