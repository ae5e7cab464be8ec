import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeConfig } from '../src/config.js';
import type { NodeOptions } from '../src/node.js';
import { COUNTER_CODE, sendMessage, spawnProcess } from './support/aos-items.js';
import { countingRuntimes } from './support/counting-runtimes.js';
import { testSigner } from './support/log-items.js';
import { createTestNode, type TestNode } from './support/test-node.js';

const owner = testSigner('owner');
const nodes: TestNode[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aolite-node-ckpt-'));
  dirs.push(dir);
  return dir;
}

async function start(config: Partial<NodeConfig>, compute: NodeOptions['compute'] = {}) {
  const node = await createTestNode(config, { eager: false, ...compute });
  nodes.push(node);
  return node;
}

async function counter(node: TestNode, incs: number): Promise<string> {
  const pid = await spawnProcess(node, owner);
  await sendMessage(node, owner, pid, 'Eval', COUNTER_CODE);
  for (let i = 0; i < incs; i++) await sendMessage(node, owner, pid, 'Inc');
  return pid;
}

describe('node checkpoints', () => {
  it('are taken every N evaluated slots by the configured policy', async () => {
    const node = await start(
      { checkpointEverySlots: 4, checkpointEveryMs: 0 },
      { batchSize: 2, batchBudgetMs: Number.POSITIVE_INFINITY, eager: false },
    );
    const pid = await counter(node, 10);
    expect(await node.compute.catchUp(pid)).toBe(11);
    expect(node.checkpoints.list(pid).map((c) => [c.slot, c.reason])).toEqual([
      [3, 'interval'],
      [7, 'interval'],
      [11, 'interval'],
    ]);
    const results = node.store.orm.$client
      .prepare('SELECT slot, hash FROM results WHERE process_id = ? AND slot IN (3, 7)')
      .all(pid) as { slot: number; hash: string }[];
    expect(
      node.checkpoints
        .list(pid)
        .slice(0, 2)
        .map((c) => c.resultHash),
    ).toEqual(results.map((r) => r.hash));
  });

  it('restore after a restart from the shutdown checkpoint instead of replaying from genesis', async () => {
    const dir = tempDir();
    const first = await start({ dataDir: dir });
    const pid = await counter(first, 3);
    expect(await first.compute.catchUp(pid)).toBe(4);
    await first.close();
    nodes.splice(0);

    const { counter: count, createRuntime } = countingRuntimes();
    const second = await start({ dataDir: dir }, { createRuntime });
    expect(second.checkpoints.list(pid).map((c) => [c.slot, c.reason])).toEqual([[4, 'shutdown']]);
    const mid = await sendMessage(second, owner, pid, 'Inc');
    const { slot, result } = await second.compute.resultOf(pid, { messageId: mid });
    expect(slot).toBe(5);
    expect(result.Messages[0]?.Data).toBe('4');
    expect(count.handles).toBe(1);
  });

  it('replay from genesis after a restart when shutdown checkpoints are off', async () => {
    const dir = tempDir();
    const first = await start({ dataDir: dir, checkpointOnShutdown: false });
    const pid = await counter(first, 3);
    await first.compute.catchUp(pid);
    await first.close();
    nodes.splice(0);

    const { counter: count, createRuntime } = countingRuntimes();
    const second = await start({ dataDir: dir, checkpointOnShutdown: false }, { createRuntime });
    expect(second.checkpoints.list(pid)).toEqual([]);
    const mid = await sendMessage(second, owner, pid, 'Inc');
    expect((await second.compute.resultOf(pid, { messageId: mid })).result.Messages[0]?.Data).toBe('4');
    expect(count.handles).toBe(6);
  });

  it('checkpoint an evicted engine and rebuild it from that checkpoint', async () => {
    const { counter: count, createRuntime } = countingRuntimes();
    const node = await start({}, { maxEngines: 1, createRuntime });
    const a = await counter(node, 2);
    await node.compute.catchUp(a);
    const b = await spawnProcess(node, owner, [], 'other');
    await node.compute.catchUp(b); // evicts a's engine
    expect(node.checkpoints.list(a).map((c) => [c.slot, c.reason])).toEqual([[3, 'eviction']]);
    const before = count.handles;
    const mid = await sendMessage(node, owner, a, 'Inc');
    expect((await node.compute.resultOf(a, { messageId: mid })).result.Messages[0]?.Data).toBe('3');
    expect(count.handles - before).toBe(1);
  });
});
