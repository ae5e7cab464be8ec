import { afterEach, describe, expect, it } from 'vitest';
import { createProcessRuntime, type ProcessRuntime } from '../src/runtime/process-runtime.js';
import type { LuaLibrary } from '../src/runtime/types.js';
import { toyEnv, toyMessage } from './fixtures/messages.js';
import { toyLibrary } from './fixtures/toy-library.js';

const LIMITS = { gas: 10_000_000, memoryBytes: 64 * 1024 * 1024 };
const runtimes: ProcessRuntime[] = [];

async function runtime(
  options: { rebaseEvery?: number; snapshot?: Uint8Array } = {},
): Promise<ProcessRuntime> {
  const created = await createProcessRuntime({ library: toyLibrary, limits: LIMITS, ...options });
  runtimes.push(created);
  return created;
}
afterEach(() => {
  for (const r of runtimes.splice(0)) r.close();
});

const COUNT = 'count = (count or 0) + 1 print("count " .. count) send("peer", "n=" .. count)';

describe('process runtime', () => {
  it('evaluates messages in order and normalises the result', async () => {
    const process = await runtime();
    const first = process.handle(toyMessage(COUNT, 1), toyEnv);
    expect(first).toEqual({
      Output: 'count 1',
      Messages: [{ Target: 'peer', Data: 'n=1', Tags: [] }],
      Spawns: [],
      Assignments: [],
      GasUsed: 0,
    });
    expect(process.handle(toyMessage(COUNT, 2), toyEnv).Output).toBe('count 2');
    expect(process.handle(toyMessage('local quiet = 1', 3), toyEnv)).toEqual({
      Output: '',
      Messages: [],
      Spawns: [],
      Assignments: [],
      GasUsed: 0,
    });
  });

  it('reports a thrown Lua error as the Error and drops its outbox', async () => {
    const process = await runtime();
    const result = process.handle(toyMessage('send("peer", "lost") error("boom")'), toyEnv);
    expect(result).toEqual({
      Output: '',
      Messages: [],
      Spawns: [],
      Assignments: [],
      Error: '[string "toy"]:1: boom',
      GasUsed: 0,
    });
  });

  it('leaves memory exactly as before an erroring message', async () => {
    const withError = await runtime({ rebaseEvery: 100 });
    const clean = await runtime({ rebaseEvery: 100 });
    withError.handle(toyMessage(COUNT, 1), toyEnv);
    const failed = withError.handle(
      toyMessage('count = count + 100 send("peer", "x") error("boom")', 2),
      toyEnv,
    );
    expect(failed.Error).toBe('[string "toy"]:1: boom');
    const third = withError.handle(toyMessage(COUNT, 3), toyEnv);
    expect(third.Output).toBe('count 2');
    expect(third.Messages).toEqual([{ Target: 'peer', Data: 'n=2', Tags: [] }]);

    clean.handle(toyMessage(COUNT, 1), toyEnv);
    clean.handle(toyMessage(COUNT, 3), toyEnv);
    expect(withError.memoryHash()).toBe(clean.memoryHash());
  });

  it('rolls back library-level Error results, gas and memory failures alike, whatever the rebase interval', async () => {
    for (const rebaseEvery of [1, 2, 64]) {
      const process = await runtime({ rebaseEvery });
      const reference = await runtime({ rebaseEvery });
      for (let i = 1; i <= 5; i++) {
        process.handle(toyMessage(COUNT, i), toyEnv);
        reference.handle(toyMessage(COUNT, i), toyEnv);
        const before = process.memoryHash();
        expect(process.handle(toyMessage('count = 0 fail("refused")'), toyEnv).Error).toBe('refused');
        expect(process.memoryHash()).toBe(before);
        expect(process.handle(toyMessage('count = 0 while true do end'), toyEnv).Error).toMatch(
          /^gas limit exceeded/,
        );
        expect(process.handle(toyMessage('X = string.rep("y", 1e9)'), toyEnv).Error).toMatch(
          /^memory limit exceeded/,
        );
        expect(process.memoryHash()).toBe(before);
      }
      expect(process.memoryHash()).toBe(reference.memoryHash());
      expect(process.handle(toyMessage(COUNT), toyEnv).Output).toBe('count 6');
    }
  });

  it('keeps the failed output text of a library-level Error result', async () => {
    const process = await runtime();
    const result = process.handle(toyMessage('print("partial") send("peer", "x") fail("refused")'), toyEnv);
    expect(result).toMatchObject({ Output: 'partial', Messages: [], Error: 'refused' });
  });

  it('dry-runs a mutating message without touching the live state', async () => {
    const process = await runtime();
    process.handle(toyMessage(COUNT, 1), toyEnv);
    const before = process.memoryHash();
    const dry = process.dryRun(toyMessage(`${COUNT} Extra = string.rep("e", 1e6)`, 2), toyEnv);
    expect(dry.Output).toBe('count 2');
    expect(process.memoryHash()).toBe(before);
    expect(process.dryRun(toyMessage('error("dry boom")'), toyEnv).Error).toBe('[string "toy"]:1: dry boom');
    expect(process.memoryHash()).toBe(before);
    expect(process.handle(toyMessage(COUNT, 2), toyEnv).Output).toBe('count 2');
  });

  it('continues from a snapshot in a new runtime exactly as the original would', async () => {
    const original = await runtime();
    original.handle(toyMessage(COUNT, 1), toyEnv);
    original.handle(toyMessage('function twice(x) return x * 2 end', 2), toyEnv);
    const resumed = await runtime({ snapshot: original.snapshot() });
    expect(resumed.memoryHash()).toBe(original.memoryHash());
    for (const process of [original, resumed]) {
      expect(process.handle(toyMessage(`${COUNT} print(twice(count))`, 3), toyEnv).Output).toBe('count 2\n4');
      expect(process.handle(toyMessage('error("x")', 4), toyEnv).Error).toBe('[string "toy"]:1: x');
    }
    expect(resumed.memoryHash()).toBe(original.memoryHash());
  });

  it('counts the restored state against the memory limit of a runtime started from a snapshot', async () => {
    const limits = { gas: 10_000_000, memoryBytes: 48 * 1024 * 1024 };
    const original = await createProcessRuntime({ library: toyLibrary, limits });
    runtimes.push(original);
    expect(
      original.handle(toyMessage('Held = string.rep("h", 20 * 1024 * 1024)'), toyEnv).Error,
    ).toBeUndefined();
    const resumed = await createProcessRuntime({
      library: toyLibrary,
      limits,
      snapshot: original.snapshot(),
    });
    runtimes.push(resumed);
    for (const process of [original, resumed]) {
      expect(process.handle(toyMessage('More = string.rep("m", 16 * 1024 * 1024)'), toyEnv).Error).toBe(
        'memory limit exceeded: more than 50331648 bytes (not enough memory)',
      );
      expect(
        process.handle(toyMessage('Some = string.rep("s", 1024 * 1024) print(#Held)'), toyEnv).Output,
      ).toBe('20971520');
    }
    expect(resumed.memoryHash()).toBe(original.memoryHash());
  });

  it('describes a non-string error object by its type', async () => {
    const process = await runtime();
    expect(process.handle(toyMessage('error({code = 1})'), toyEnv).Error).toBe(
      '(error object is a table value)',
    );
  });

  it('reports results that are not JSON objects as errors and rolls them back', async () => {
    const library: LuaLibrary = {
      modules: [],
      boot: {
        name: '.weird',
        source: `n = 0
          function __aolite_handle(m)
            n = n + 1
            if m:find('notjson') then return 'oops' end
            if m:find('badlist') then return '{"Messages": 5}' end
            return '[1]'
          end`,
      },
    };
    const process = await createProcessRuntime({ library, limits: LIMITS });
    runtimes.push(process);
    const before = process.memoryHash();
    expect(process.handle(toyMessage('notjson'), toyEnv).Error).toMatch(
      /^process returned a result that is not JSON: /,
    );
    expect(process.handle(toyMessage('badlist'), toyEnv).Error).toBe(
      'process result field Messages is not a list',
    );
    expect(process.handle(toyMessage('array'), toyEnv).Error).toBe(
      'process returned a result that is not a JSON object: [1]',
    );
    expect(process.memoryHash()).toBe(before);
  });

  it('refuses bad options with clear errors', async () => {
    await expect(
      createProcessRuntime({ library: toyLibrary, limits: { gas: 0, memoryBytes: 1 } }),
    ).rejects.toThrow('limit gas must be a positive number, got 0');
    await expect(
      createProcessRuntime({ library: toyLibrary, limits: LIMITS, rebaseEvery: 0 }),
    ).rejects.toThrow('rebaseEvery must be a positive integer, got 0');
    const broken: LuaLibrary = { modules: [], boot: { name: '.broken', source: 'error("no boot")' } };
    await expect(createProcessRuntime({ library: broken, limits: LIMITS })).rejects.toThrow(
      'Lua chunk .broken failed: [string ".broken"]:1: no boot',
    );
  });
});
