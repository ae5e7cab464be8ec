import { Buffer } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAosLibrary } from '../src/runtime/library.js';
import { createProcessRuntime, type ProcessRuntime } from '../src/runtime/process-runtime.js';
import { parseScenario, type ScenarioMessage, scenarioMessages } from '../src/runtime/scenario.js';
import { DEFAULT_LIMITS } from '../src/runtime/types.js';

function occurrences(memory: Uint8Array, text: string): number {
  const haystack = Buffer.from(memory);
  let count = 0;
  for (let at = haystack.indexOf(text); at !== -1; at = haystack.indexOf(text, at + 1)) count++;
  return count;
}

// Markers are built at run time (upper), so the Eval source never holds them.
const ENCODE = `local json = require('json')
for i = 1, 300 do
  json.encode({ v = ('mk'):upper() .. '-' .. i, w = ('esc'):upper() .. '\\n' .. i })
end
return 'done'`;

describe('process memory churn', () => {
  let rt: ProcessRuntime;
  let messages: ScenarioMessage[];
  beforeAll(async () => {
    messages = scenarioMessages(
      parseScenario({
        name: 'churn',
        process: { tags: { Name: 'churn' } },
        steps: [
          { action: 'Eval', data: ENCODE },
          { action: 'Eval', data: 'collectgarbage() collectgarbage() return "collected"' },
        ],
      }),
    );
    rt = await createProcessRuntime({ library: loadAosLibrary(), limits: DEFAULT_LIMITS });
  });
  afterAll(() => rt.close());

  it('keeps no copy of the string values json.encode wrote once they are dead (memoised keys only)', () => {
    for (const m of messages) {
      const result = rt.handle(m.msg, m.env);
      expect(result.Error).toBeUndefined();
    }
    const memory = rt.snapshot();
    expect(occurrences(memory, 'MK-1')).toBe(0);
    expect(occurrences(memory, 'ESC\\n1')).toBe(0);
  });

  it('refuses to let process code switch the collector mode', () => {
    const [, first] = scenarioMessages(
      parseScenario({
        name: 'churn-mode',
        process: { tags: { Name: 'churn-mode' } },
        steps: [{ action: 'Eval', data: 'collectgarbage("incremental")' }],
      }),
    );
    const result = rt.handle(first!.msg, first!.env);
    expect(result.Error).toContain(
      "collectgarbage: option 'incremental' is not available in aolite processes",
    );
  });
});
