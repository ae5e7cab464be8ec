/**
 * The compute unit on its own thread (node option `computeThread`, the default on a database file): the
 * main thread keeps answering while Lua runs for seconds, and every compute call behaves as inline.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { defaultCheckpointPolicy } from '../src/compute/checkpoint-policy.js';
import { type ComputeThread, startComputeThread } from '../src/compute/compute-thread.js';
import { AoliteError } from '../src/core/errors.js';
import { MAIN_WAL_AUTOCHECKPOINT_PAGES } from '../src/node/node-compute.js';
import { DATABASE_FILE } from '../src/node.js';
import { openStore } from '../src/store/open.js';
import { COUNTER_CODE, outputData, sendMessage, spawnProcess } from './support/aos-items.js';
import { testSigner } from './support/log-items.js';
import { tempDir } from './support/store-fixtures.js';
import { createTestNode, type TestNode } from './support/test-node.js';

const temp = tempDir('aolite-compute-thread-');
afterAll(() => temp.cleanup());

const owner = testSigner('thread-owner');
const alice = testSigner('thread-alice');

let open: TestNode[] = [];
afterEach(async () => {
  for (const node of open) await node.close();
  open = [];
});

let folders = 0;
async function startNode(computeThread?: boolean): Promise<TestNode> {
  folders++;
  const node = await createTestNode(
    { dataDir: `${temp.dir}/node-${folders}` },
    {},
    {},
    {},
    computeThread === undefined ? {} : { computeThread },
  );
  open.push(node);
  return node;
}

const get = (node: TestNode, path: string) =>
  Promise.resolve(node.fetch(new Request(`http://aolite.test${path}`)));

/** A counter process, its code loaded, and three Incs sent; returns the process and the last Inc's id. */
async function counter(node: TestNode): Promise<{ pid: string; lastInc: string }> {
  const pid = await spawnProcess(node, owner);
  await sendMessage(node, owner, pid, 'Eval', COUNTER_CODE);
  let lastInc = '';
  for (let i = 0; i < 3; i++) lastInc = await sendMessage(node, alice, pid, 'Inc');
  return { pid, lastInc };
}

describe('compute thread', () => {
  it('runs on a file by default, inline in memory', async () => {
    const onFile = await startNode();
    expect(onFile.computeThread).toBe(true);
    const inMemory = await createTestNode();
    open.push(inMemory);
    expect(inMemory.computeThread).toBe(false);
    await expect(createTestNode({}, {}, {}, {}, { computeThread: true })).rejects.toThrow(
      /in-memory database/,
    );
  });

  it('keeps HTTP (health, posts, stored results) answering while a message computes for seconds', async () => {
    const node = await startNode();
    // 4*10^8 instructions (a few seconds of Lua), then the gas error: the loop ends either way.
    const pid = await spawnProcess(node, owner, [{ name: 'Compute-Limit', value: '400000000' }]);
    await node.compute.catchUp(pid);
    const started = performance.now();
    const spin = await sendMessage(node, owner, pid, 'Eval', 'while true do end');
    let done = false;
    const result = node.compute.resultOf(pid, { messageId: spin }).finally(() => {
      done = true;
    });
    const latencies: number[] = [];
    let acknowledged: number | undefined;
    while (!done) {
      const asked = performance.now();
      const response = await get(node, '/health');
      expect(response.status).toBe(200);
      // A stored result (the spawn's) is read on the main thread: it does not wait for the message either.
      const stored = await get(node, `/result/${pid}?process-id=${pid}`);
      expect(stored.status).toBe(200);
      latencies.push(performance.now() - asked);
      if (acknowledged === undefined && latencies.length === 3) {
        const posted = performance.now();
        await sendMessage(node, alice, pid, 'Inc'); // throws unless 202
        acknowledged = performance.now() - posted;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const spun = performance.now() - started;
    expect((await result).result.Error).toMatch(/compute limit|instructions|gas/i);
    // Meaningful only if the message held its thread for a good while: inline, each probe waited for it.
    expect(spun).toBeGreaterThan(1500);
    expect(latencies.length).toBeGreaterThan(5);
    expect(Math.max(...latencies)).toBeLessThan(500);
    expect(acknowledged).toBeLessThan(500);
  });

  it('answers reads as inline: results waited for, dry-run, state, pages, errors, settle', async () => {
    for (const thread of [true, false]) {
      const node = await startNode(thread);
      expect(node.computeThread).toBe(thread);
      const { pid, lastInc } = await counter(node);
      // Waits for the slot (evaluated in the background or by this read).
      const last = await node.compute.resultOf(pid, { messageId: lastInc });
      expect(outputData(last.result.Output)).toContain('Count is now 3');
      expect(last.slot).toBe(4);
      const dry = await node.compute.dryRun(pid, {
        Owner: alice.address,
        Tags: [{ name: 'Action', value: 'Inc' }],
      });
      expect(outputData(dry.Output)).toContain('Count is now 4');
      expect(await node.compute.state(pid, 'Count')).toEqual({ slot: 4, value: 3 });
      expect(await node.compute.state(pid, 'Count', { slot: 2 })).toEqual({ slot: 2, value: 1 });
      const page = await node.compute.results(pid, { limit: 2 });
      expect(page.evaluations.map((e) => e.slot)).toEqual([0, 1]);
      expect(page.hasNextPage).toBe(true);
      expect(await node.compute.catchUp(pid)).toBe(4);

      // Errors keep their class, code and details across the thread, and map to the same statuses.
      const unknown = 'U'.repeat(43);
      const refused = await node.compute.resultOf(unknown, { slot: 0 }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AoliteError);
      expect((refused as AoliteError).code).toBe('NOT_FOUND');
      const missing = await node.compute.resultOf(pid, { slot: 99 }).catch((e: unknown) => e);
      expect((missing as AoliteError).code).toBe('NOT_FOUND');
      expect((missing as AoliteError).details).toEqual({ processId: pid, slot: 99 });
      const badPath = await node.compute.state(pid, 'Count[').catch((e: unknown) => e);
      expect((badPath as AoliteError).code).toBe('BAD_REQUEST');
      expect((await get(node, `/result/${lastInc}?process-id=${unknown}`)).status).toBe(404);
      expect((await get(node, `/state/${pid}?path=Nope`)).status).toBe(404);

      // settle: every message sent is evaluated and nothing is left pending.
      for (let i = 0; i < 5; i++) await sendMessage(node, alice, pid, 'Inc');
      await node.settle();
      expect(node.compute.pending()).toBe(0);
      expect(node.store.orm.$client.prepare('SELECT count(*) AS n FROM results').get()).toEqual({ n: 10 });
      expect(node.compute.engines().count).toBe(1);
    }
  });

  it('closes cleanly: shutdown checkpoints are saved and later calls are refused', async () => {
    const node = await startNode(true);
    const { pid } = await counter(node);
    await node.settle();
    await node.close();
    open = open.filter((n) => n !== node);
    await expect(node.compute.catchUp(pid)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const restarted = await createTestNode({ dataDir: node.config.dataDir });
    open.push(restarted);
    expect(restarted.checkpoints.list(pid).map((c) => [c.slot, c.reason])).toEqual([[4, 'shutdown']]);
  });

  it('fails loudly and never hangs when the thread dies', async () => {
    const node = await startNode(true);
    const pid = await spawnProcess(node, owner, [{ name: 'Compute-Limit', value: '400000000' }]);
    const spin = await sendMessage(node, owner, pid, 'Eval', 'while true do end');
    const waiting = node.compute.resultOf(pid, { messageId: spin }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      // What a crash of the thread does (an abort in native code, out of memory).
      await (node.compute as unknown as ComputeThread).terminate();
      expect(String(reported.mock.calls[0]?.[0])).toMatch(/compute thread stopped unexpectedly/);
    } finally {
      reported.mockRestore();
    }
    expect(await waiting).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/compute thread stopped unexpectedly/),
    });
    await expect(node.settle()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(node.compute.pending()).toBe(0);
    expect((await get(node, `/result/${spin}?process-id=${pid}`)).status).toBe(503);
    expect((await get(node, '/health')).status).toBe(200);
    await sendMessage(node, alice, pid, 'Inc'); // the log still takes messages
  });

  it("refuses to start a thread whose library is not the node's", async () => {
    const path = `${temp.dir}/other-library.sqlite`;
    openStore({ path }).close();
    const thread = startComputeThread({
      settings: {
        path,
        libraryHash: 'not-this-library',
        checkpointPolicy: defaultCheckpointPolicy,
        compute: {},
      },
      clock: Date.now,
      onEvaluated: () => undefined,
    });
    await expect(thread.ready).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringMatching(/library fingerprint .* differs from the node's not-this-library/),
    });
    await thread.close();
    await expect(thread.catchUp('x')).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});

describe('WAL checkpoints', () => {
  it('are made by the compute thread, not by commits on the main connection', async () => {
    const node = await startNode();
    const db = node.store.orm.$client;
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(MAIN_WAL_AUTOCHECKPOINT_PAGES);
    const file = join(`${temp.dir}/node-${folders}`, DATABASE_FILE);
    const before = statSync(file).size;
    const { pid } = await counter(node);
    for (let i = 0; i < 30; i++) await sendMessage(node, alice, pid, 'Inc');
    // far below the main connection's threshold: only the thread's checkpoints move pages into the file
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before), {
      timeout: 5000,
      interval: 100,
    });
  });
});

describe('closing in a process with nothing else to keep it alive', () => {
  it('resolves close() while the thread still has a backlog, and the process then ends by itself', async () => {
    const child = fileURLToPath(new URL('./fixtures/close-busy-node-child.ts', import.meta.url));
    const dir = join(temp.dir, 'close-busy');
    mkdirSync(dir);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, dir], {
      timeout: 60_000,
    });
    // before the fix the process ended inside close(): "closed" was never printed
    expect(stdout).toBe('thread true\nclosed\n');
  });
});
