import { afterEach, describe, expect, it } from 'vitest';
import { parseComputeLimit, parseMemoryLimit, processLimits } from '../src/compute/limits.js';
import { parseStatePath } from '../src/compute/state-path.js';
import type { EvaluatedBatch, SavedState } from '../src/compute/types.js';
import { parseConfigArgs } from '../src/config.js';
import { signDataItem } from '../src/crypto/index.js';
import type { NodeOptions } from '../src/node.js';
import { COUNTER_CODE, sendMessage, spawnProcess } from './support/aos-items.js';
import { countingRuntimes } from './support/counting-runtimes.js';
import { errorOf } from './support/error-of.js';
import { testSigner } from './support/log-items.js';
import { createTestNode, type TestNode } from './support/test-node.js';

const owner = testSigner('seams-owner');
const alice = testSigner('seams-alice');
const nodes: TestNode[] = [];

afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close();
});

async function startNode(compute: NodeOptions['compute']): Promise<TestNode> {
  const node = await createTestNode({}, compute);
  nodes.push(node);
  return node;
}

describe('limits', () => {
  it('parses sizes with units and plain numbers, and refuses anything else by name', () => {
    expect(parseMemoryLimit('1-gb')).toBe(1024 ** 3);
    expect(parseMemoryLimit('512-MB')).toBe(512 * 1024 ** 2);
    expect(parseMemoryLimit('64-kib')).toBe(64 * 1024);
    expect(parseMemoryLimit('1048576')).toBe(1_048_576);
    expect(errorOf(() => parseMemoryLimit('1-parsec')).message).toContain('Memory-Limit "1-parsec"');
    expect(errorOf(() => parseMemoryLimit('-5')).message).toContain('Memory-Limit "-5"');
    expect(parseComputeLimit('9000')).toBe(9000);
    expect(errorOf(() => parseComputeLimit('9e3')).message).toContain('Compute-Limit "9e3"');
  });

  it('lets process tags lower the module limits but never raise them', () => {
    const base = { gas: 1_000_000, memoryBytes: 64 * 1024 ** 2 };
    expect(
      processLimits(base, [
        { name: 'Compute-Limit', value: '5000' },
        { name: 'Memory-Limit', value: '1-gb' },
      ]),
    ).toEqual({ gas: 5000, memoryBytes: 64 * 1024 ** 2 });
    expect(processLimits(base, [])).toEqual(base);
  });
});

describe('engine cache options', () => {
  it('are read from --max-engines and --max-engine-bytes, and at least one engine is required', () => {
    const config = parseConfigArgs(['--max-engines', '3', '--max-engine-bytes=1000000']);
    expect([config.maxEngines, config.maxEngineBytes]).toEqual([3, 1_000_000]);
    expect(errorOf(() => parseConfigArgs(['--max-engines', '0'])).message).toContain('--max-engines');
  });

  it('bound the node engine cache', async () => {
    const node = await createTestNode({ maxEngines: 1 }, { eager: false });
    nodes.push(node);
    for (const name of ['a', 'b', 'c']) await node.compute.catchUp(await spawnProcess(node, owner, [], name));
    expect(node.compute.engines().count).toBe(1);
  });
});

describe('processes this node cannot run', () => {
  it('are skipped quietly in the background and refused clearly when read', async () => {
    const errors: unknown[] = [];
    const node = await startNode({ onError: (_pid, error) => errors.push(error) });
    const unknown = 'MODULE-elsewhere-00000000000000000000000001'.slice(0, 43);
    // Straight to the scheduler (ingest would refuse it): a process whose module is not in the log.
    const spawn = signDataItem(
      {
        tags: [
          { name: 'Data-Protocol', value: 'ao' },
          { name: 'Type', value: 'Process' },
          { name: 'Module', value: unknown },
          { name: 'Scheduler', value: node.address },
        ],
        data: '',
      },
      owner,
    );
    node.scheduler.schedule(spawn);
    await node.compute.idle();
    expect(errors).toEqual([]);
    await expect(node.compute.resultOf(spawn.id, { slot: 0 })).rejects.toThrow(
      `module ${unknown} of process ${spawn.id} is not a Module in this node's log`,
    );
  });
});

describe('state paths', () => {
  it('parses identifiers, fields, integer and string indexes into keys', () => {
    expect(parseStatePath('Handlers.list[1].name')).toEqual(['Handlers', 'list', 1, 'name']);
    expect(parseStatePath('Balances["a.b \\"c\\""]')).toEqual(['Balances', 'a.b "c"']);
    expect(parseStatePath('T[-1]')).toEqual(['T', -1]);
  });

  it('refuses anything that is not a plain path, saying where', () => {
    expect(errorOf(() => parseStatePath('')).message).toContain('is empty');
    expect(errorOf(() => parseStatePath('1abc')).message).toContain('must start with a global name');
    expect(errorOf(() => parseStatePath('a.')).message).toContain(
      'no field name after the "." at position 1',
    );
    expect(errorOf(() => parseStatePath("a['x']")).message).toContain(`unexpected "[" at position 1`);
    expect(errorOf(() => parseStatePath('a..b')).message).toContain('position 1');
  });
});

describe('checkpoint seams', () => {
  it('calls the checkpoint policy after each batch and rebuilds an evicted engine from the state source', async () => {
    const saved = new Map<string, SavedState[]>();
    const batches: Omit<EvaluatedBatch, 'runtime' | 'resultHash'>[] = [];
    const { counter, createRuntime } = countingRuntimes();
    const node = await startNode({
      eager: false,
      maxEngines: 1,
      batchBudgetMs: 60_000, // one batch for the first five slots however slow the machine
      createRuntime,
      checkpointPolicy: ({ processId, slot, runtime, slots, evaluatedMs }) => {
        batches.push({ processId, slot, slots, evaluatedMs });
        const list = saved.get(processId) ?? [];
        list.push({ slot, memory: runtime.snapshot() });
        saved.set(processId, list);
      },
      stateSource: {
        latestAtOrBelow: (processId, slot) =>
          saved
            .get(processId)
            ?.filter((s) => s.slot <= slot)
            .at(-1),
      },
    });
    const a = await spawnProcess(node, owner, [], 'a');
    await sendMessage(node, owner, a, 'Eval', COUNTER_CODE);
    for (let i = 0; i < 3; i++) await sendMessage(node, alice, a, 'Inc');
    expect(await node.compute.catchUp(a)).toBe(4);
    expect(batches).toEqual([{ processId: a, slot: 4, slots: 5, evaluatedMs: expect.any(Number) }]);

    const b = await spawnProcess(node, owner, [], 'b');
    await node.compute.catchUp(b); // evicts a (one engine at most)
    expect(node.compute.engines().count).toBe(1);
    const handlesBefore = counter.handles;
    const inc = await sendMessage(node, alice, a, 'Inc');
    const { result } = await node.compute.resultOf(a, { messageId: inc });
    expect(result.Messages[0]?.Data).toBe('4');
    // Restored at slot 4 from the saved state: only slot 5 was evaluated, nothing replayed.
    expect(counter.handles - handlesBefore).toBe(1);
  });

  it('ends a batch once its time budget is spent, storing every slot all the same', async () => {
    const batches: number[] = [];
    const node = await startNode({
      eager: false,
      batchBudgetMs: 0,
      checkpointPolicy: ({ slots }) => {
        batches.push(slots);
      },
    });
    const pid = await spawnProcess(node, owner);
    await sendMessage(node, owner, pid, 'Eval', COUNTER_CODE);
    for (let i = 0; i < 3; i++) await sendMessage(node, alice, pid, 'Inc');
    expect(await node.compute.catchUp(pid)).toBe(4);
    expect(batches).toEqual([1, 1, 1, 1, 1]);
    expect((await node.compute.state(pid, 'Count')).value).toBe(3);
  });

  it('keeps the engine cache within its byte bound', async () => {
    const evicted: string[] = [];
    const node = await startNode({
      eager: false,
      maxEngineBytes: 1,
      onEvict: (e) => evicted.push(e.processId),
    });
    const a = await spawnProcess(node, owner, [], 'a');
    await node.compute.catchUp(a);
    expect(node.compute.engines()).toEqual({ count: 0, bytes: 0 });
    expect(evicted).toEqual([a]);
    await sendMessage(node, owner, a, 'Eval', 'X = 42');
    expect((await node.compute.state(a, 'X')).value).toBe(42);
  });
});
