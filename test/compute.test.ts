import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_MODULE_TAGS, checkModuleLibrary, LIBRARY_TAG } from '../src/compute/builtin-module.js';
import { encodeResult, resultHash } from '../src/compute/result-hash.js';
import type { NodeOptions } from '../src/node.js';
import { libraryFingerprint } from '../src/runtime/fingerprint.js';
import { loadAosLibrary } from '../src/runtime/library.js';
import type { LuaLibrary } from '../src/runtime/types.js';
import { createResultStore } from '../src/store/results.js';
import { COUNTER_CODE, outputData, sendMessage, spawnProcess } from './support/aos-items.js';
import { countingRuntimes } from './support/counting-runtimes.js';
import { testSigner } from './support/log-items.js';
import { createTestNode, type TestNode } from './support/test-node.js';

const owner = testSigner('compute-owner');
const alice = testSigner('compute-alice');

const nodes: TestNode[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function startNode(compute: NodeOptions['compute'] = {}, dataDir?: string): Promise<TestNode> {
  const node = await createTestNode(dataDir === undefined ? {} : { dataDir }, compute);
  nodes.push(node);
  return node;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aolite-compute-'));
  dirs.push(dir);
  return dir;
}

/** Spawns a counter process and installs the handlers (slot 1); returns its id. */
async function counterProcess(node: TestNode, extra: { name: string; value: string }[] = []) {
  const pid = await spawnProcess(node, owner, extra);
  await sendMessage(node, owner, pid, 'Eval', COUNTER_CODE);
  return pid;
}

function storedRows(node: TestNode, pid: string) {
  return createResultStore(node.store).page(pid, { limit: 1000 });
}

describe('built-in module', () => {
  it('is registered once at first start and keeps its id across restarts', async () => {
    const dir = tempDir();
    const first = await startNode({}, dir);
    const id = first.moduleId;
    const module = first.store.getModule(id);
    expect(module?.moduleFormat).toBe('aolite-lua-5.4');
    expect(module?.memoryLimit).toBe('1-gb');
    expect(module?.computeLimit).toBe('1000000000');
    expect(first.store.getItem(id)?.tags).toEqual([
      ...BUILTIN_MODULE_TAGS,
      { name: LIBRARY_TAG, value: libraryFingerprint(loadAosLibrary()) },
    ]);
    expect(first.store.getItem(id)?.ownerAddress).toBe(first.address);
    await first.close();
    nodes.splice(0);

    const second = await startNode({}, dir);
    expect(second.moduleId).toBe(id);
    const count = second.store.orm.$client.prepare('SELECT count(*) AS n FROM modules').get() as {
      n: number;
    };
    expect(count.n).toBe(1);
  });
});

describe('a node whose library changed', () => {
  it('names the same library whatever the line endings of its sources', () => {
    const library = loadAosLibrary();
    const crlf: LuaLibrary = {
      ...library,
      modules: library.modules.map((m) => ({ ...m, source: m.source.replace(/\n/g, '\r\n') })),
    };
    expect(libraryFingerprint(crlf)).toBe(libraryFingerprint(library));
    const edited: LuaLibrary = { ...library, modules: [...library.modules.slice(1), library.modules[0]!] };
    expect(libraryFingerprint(edited)).not.toBe(libraryFingerprint(library));
  });

  it('checks a module by its library tag; a module logged before the tag existed is refused too', () => {
    const hash = 'a'.repeat(64);
    expect(() => checkModuleLibrary({ id: 'legacy', tags: [...BUILTIN_MODULE_TAGS] }, hash)).toThrow(
      'module legacy was registered by an aolite from before the library was recorded (it has no Aolite-Library tag)',
    );
    expect(() => checkModuleLibrary({ id: 'legacy', tags: [] }, hash, 'NEW')).toThrow(
      "the process names module legacy, which was registered by an aolite from before the library was recorded (it has no Aolite-Library tag), and this node runs library aaaaaaaaaaaaaaaa…; spawn with this node's built-in module NEW",
    );
    expect(() =>
      checkModuleLibrary(
        { id: 'same', tags: [...BUILTIN_MODULE_TAGS, { name: LIBRARY_TAG, value: hash }] },
        hash,
      ),
    ).not.toThrow();
    expect(() =>
      checkModuleLibrary({ id: 'other', tags: [{ name: LIBRARY_TAG, value: 'b'.repeat(64) }] }, hash),
    ).toThrow(`module other was registered with aolite library ${'b'.repeat(16)}…`);
  });

  it("registers a new module and serves the old processes' stored results, but does not replay them", async () => {
    const dir = tempDir();
    const first = await startNode({}, dir);
    const pid = await counterProcess(first);
    const mid = await sendMessage(first, alice, pid, 'Inc');
    const done = await first.compute.resultOf(pid, { messageId: mid });
    expect(outputData(done.result.Output)).toContain('Count is now 1');
    const oldModule = first.moduleId;
    const oldHash = libraryFingerprint(loadAosLibrary());
    await first.close();
    nodes.splice(0);

    const library = loadAosLibrary();
    const changed: LuaLibrary = {
      ...library,
      boot: { ...library.boot, source: `${library.boot.source}\n-- one more line\n` },
    };
    const newHash = libraryFingerprint(changed);
    expect(newHash).toMatch(/^[0-9a-f]{64}$/);
    expect(newHash).not.toBe(oldHash);
    const second = await startNode({ library: changed }, dir);
    expect(second.moduleId).not.toBe(oldModule);
    expect(second.store.getItem(second.moduleId)?.tags.at(-1)).toEqual({ name: LIBRARY_TAG, value: newHash });

    // What was computed stays readable, through compute and the CU route.
    expect((await second.compute.resultOf(pid, { messageId: mid })).hash).toBe(done.hash);
    const stored = await second.fetch(new Request(`http://aolite.test/result/${mid}?process-id=${pid}`));
    expect(stored.status).toBe(200);
    const listed = await second.fetch(new Request(`http://aolite.test/results/${pid}?limit=10`));
    expect(listed.status).toBe(200);
    const edges = ((await listed.json()) as { edges: { cursor: string }[] }).edges;
    expect(edges.length).toBe(3);
    // A new message is logged, but evaluating it is refused with the reason, not replayed differently.
    const later = await sendMessage(second, alice, pid, 'Inc');
    const reason = `module ${oldModule} was registered with aolite library ${oldHash.slice(0, 16)}…, and this node runs library ${newHash.slice(0, 16)}…: its processes could replay here to other results`;
    await expect(second.compute.resultOf(pid, { messageId: later })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining(reason),
    });
    const refused = await second.fetch(new Request(`http://aolite.test/result/${later}?process-id=${pid}`));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(reason);
    // And a new process of the old module is refused at the MU, storing nothing.
    const before = second.counts();
    await expect(spawnProcess({ ...second, moduleId: oldModule }, owner)).rejects.toThrow(
      `the process names module ${oldModule}, which was registered with aolite library ${oldHash.slice(0, 16)}…, and this node runs library ${newHash.slice(0, 16)}…; spawn with this node's built-in module ${second.moduleId}`,
    );
    expect(second.counts()).toEqual(before);
  });
});

describe('state reads during a long catch-up', () => {
  it('answer at an evaluated slot, or at the slot evaluated so far, without waiting for the backlog', async () => {
    const node = await startNode({ eager: false, batchSize: 1 });
    const pid = await counterProcess(node);
    for (let i = 0; i < 150; i++) await sendMessage(node, alice, pid, 'Inc');
    const latest = () => createResultStore(node.store).latestSlot(pid);
    const catchUp = node.compute.catchUp(pid);
    const atSlot = await node.compute.state(pid, 'Count', { slot: 3 });
    expect(atSlot).toEqual({ slot: 3, value: 2 });
    expect(latest()).toBeLessThan(100);
    const head = await node.compute.state(pid, 'Count');
    expect(head.slot).toBeLessThan(100);
    expect(head.value).toBe(head.slot - 1);
    expect(await catchUp).toBe(151);
    expect(await node.compute.state(pid, 'Count')).toEqual({ slot: 151, value: 150 });
  });
});

describe('evaluation', () => {
  it('evaluates a counter: the result has the handler output and the reply message', async () => {
    const node = await startNode({ eager: false });
    const pid = await counterProcess(node);
    const mid = await sendMessage(node, alice, pid, 'Inc');
    const { slot, result } = await node.compute.resultOf(pid, { messageId: mid });
    expect(slot).toBe(2);
    expect(result.Error).toBeUndefined();
    expect(outputData(result.Output)).toContain('Count is now 1');
    expect(result.Messages).toHaveLength(1);
    expect(result.Messages[0]?.Target).toBe(alice.address);
    expect(result.Messages[0]?.Data).toBe('1');
    expect(result.Messages[0]?.Tags).toEqual(expect.arrayContaining([{ name: 'Action', value: 'Counted' }]));
  });

  it('stores one result per slot with the hash of its canonical encoding', async () => {
    const node = await startNode({ eager: false });
    const pid = await counterProcess(node);
    for (let i = 0; i < 3; i++) await sendMessage(node, alice, pid, 'Inc');
    expect(await node.compute.catchUp(pid)).toBe(4);
    const rows = storedRows(node, pid);
    expect(rows.map((r) => r.slot)).toEqual([0, 1, 2, 3, 4]);
    for (const row of rows) {
      const evaluation = await node.compute.resultOf(pid, { slot: row.slot });
      expect(row.result).toBe(encodeResult(evaluation.result));
      expect(row.hash).toBe(resultHash(evaluation.result));
      expect(evaluation.hash).toBe(row.hash);
      expect(row.messageId).toBe(
        node.store.assignmentsBySlot(pid, { fromSlot: row.slot, limit: 1 })[0]?.messageId,
      );
    }
    expect(new Set(rows.map((r) => r.hash)).size).toBe(5);
  });

  it('evaluates lazily: nothing is evaluated until a read needs a slot', async () => {
    const node = await startNode({ eager: false, batchSize: 1 });
    const pid = await counterProcess(node);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await sendMessage(node, alice, pid, 'Inc'));
    expect(storedRows(node, pid)).toHaveLength(0);
    // No eager queue: the read starts the evaluation and returns once slot 3 is stored.
    const result = await node.compute.resultOf(pid, { messageId: ids[1]! });
    expect(outputData(result.result.Output)).toContain('Count is now 2');
    expect(storedRows(node, pid).length).toBeGreaterThanOrEqual(4);
  });

  it('evaluates eagerly after assignments, without any read', async () => {
    const node = await startNode();
    const pid = await counterProcess(node);
    for (let i = 0; i < 5; i++) await sendMessage(node, alice, pid, 'Inc');
    await node.compute.idle();
    expect(storedRows(node, pid).map((r) => r.slot)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(JSON.parse(storedRows(node, pid)[6]!.result).Messages[0].Data).toBe('5');
  });

  it('evaluates a slot once however many reads wait for it at the same time', async () => {
    const { counter, createRuntime } = countingRuntimes();
    const node = await startNode({ eager: false, createRuntime });
    const pid = await counterProcess(node);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await sendMessage(node, alice, pid, 'Inc'));
    const reads = await Promise.all(
      Array.from({ length: 20 }, (_, i) => node.compute.resultOf(pid, { messageId: ids[i % 3]! })),
    );
    expect(reads.map((r) => r.slot)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 3) + 2));
    expect(counter.handles).toBe(5);
    expect(counter.created).toBe(1);
  });

  it('stores a Lua error as the result Error and rolls the memory back', async () => {
    const node = await startNode({ eager: false });
    const pid = await counterProcess(node);
    await sendMessage(node, alice, pid, 'Inc');
    const boom = await sendMessage(node, alice, pid, 'Boom');
    const after = await sendMessage(node, alice, pid, 'Inc');
    const failed = await node.compute.resultOf(pid, { messageId: boom });
    expect(failed.result.Error).toContain('boom!');
    expect(failed.result.Messages).toEqual([]);
    expect(storedRows(node, pid).find((r) => r.slot === failed.slot)?.error).toContain('boom!');
    const next = await node.compute.resultOf(pid, { messageId: after });
    expect(outputData(next.result.Output)).toContain('Count is now 2');
    expect((await node.compute.state(pid, 'Count')).value).toBe(2);
  });

  it('a process Compute-Limit lowers the module limit: a runaway loop ends as an Error', async () => {
    const node = await startNode({ eager: false });
    const pid = await counterProcess(node, [{ name: 'Compute-Limit', value: '5000000' }]);
    const loop = await sendMessage(node, owner, pid, 'Eval', 'while true do end');
    const inc = await sendMessage(node, alice, pid, 'Inc');
    const { result } = await node.compute.resultOf(pid, { messageId: loop });
    expect(result.Error).toContain('gas limit exceeded: more than 5000000 instructions');
    expect(result.GasUsed).toBe(5_000_000);
    expect(outputData((await node.compute.resultOf(pid, { messageId: inc })).result.Output)).toContain(
      'Count is now 1',
    );
  });

  it('a process Memory-Limit lowers the module limit: a memory bomb ends as an Error', async () => {
    const node = await startNode({ eager: false });
    const pid = await counterProcess(node, [{ name: 'Memory-Limit', value: '16-mb' }]);
    const bomb = await sendMessage(
      node,
      owner,
      pid,
      'Eval',
      "Bomb = {}; for i = 1, 1e6 do Bomb[i] = ('x'):rep(64) .. i end",
    );
    const inc = await sendMessage(node, alice, pid, 'Inc');
    const { result } = await node.compute.resultOf(pid, { messageId: bomb });
    // aos's Eval catches the allocation failure and reports it in its own words.
    expect(result.Error).toContain('not enough memory');
    expect(outputData((await node.compute.resultOf(pid, { messageId: inc })).result.Output)).toContain(
      'Count is now 1',
    );
    await expect(node.compute.state(pid, 'Bomb')).rejects.toThrow(/no value at Bomb/);
  });

  it('resumes after a restart from the last stored result', async () => {
    const dir = tempDir();
    const first = await startNode({ eager: false }, dir);
    const pid = await counterProcess(first);
    for (let i = 0; i < 3; i++) await sendMessage(first, alice, pid, 'Inc');
    expect(await first.compute.catchUp(pid)).toBe(4);
    const before = storedRows(first, pid).map((r) => r.hash);
    await first.close();
    nodes.splice(0);

    const { counter, createRuntime } = countingRuntimes();
    const second = await startNode({ eager: false, createRuntime }, dir);
    const mid = await sendMessage(second, alice, pid, 'Inc');
    const { slot, result } = await second.compute.resultOf(pid, { messageId: mid });
    expect(slot).toBe(5);
    expect(result.Messages[0]?.Data).toBe('4');
    expect(
      storedRows(second, pid)
        .map((r) => r.hash)
        .slice(0, 5),
    ).toEqual(before);
    // The engine is restored from the checkpoint taken at shutdown (slot 4), then evaluates slot 5 only.
    expect(second.checkpoints.list(pid).map((c) => [c.slot, c.reason])).toEqual([[4, 'shutdown']]);
    expect(counter.handles).toBe(1);
  });
});

describe('engine cache', () => {
  it('evicts least recently used engines and rebuilds them with identical results', async () => {
    const evicted: { processId: string; slot: number }[] = [];
    const dirA = tempDir();
    const dirB = tempDir();
    const small = await startNode(
      { eager: false, maxEngines: 1, onEvict: (e) => evicted.push({ processId: e.processId, slot: e.slot }) },
      dirA,
    );
    // Same node key, so the same module, process and message ids on both nodes.
    await small.close();
    nodes.splice(0);
    copyFileSync(join(dirA, 'node-key.json'), join(dirB, 'node-key.json'));
    const one = await startNode(
      { eager: false, maxEngines: 1, onEvict: (e) => evicted.push({ processId: e.processId, slot: e.slot }) },
      dirA,
    );
    const big = await startNode({ eager: false }, dirB);
    expect(big.moduleId).toBe(one.moduleId);

    const run = async (node: TestNode) => {
      const a = await spawnProcess(node, owner, [], 'a');
      const b = await spawnProcess(node, owner, [], 'b');
      for (const pid of [a, b]) await sendMessage(node, owner, pid, 'Eval', COUNTER_CODE);
      for (let round = 0; round < 3; round++) {
        for (const pid of [a, b]) {
          await sendMessage(node, alice, pid, 'Inc');
          await node.compute.catchUp(pid);
        }
      }
      return { a, b, hashes: [...storedRows(node, a), ...storedRows(node, b)].map((r) => r.hash) };
    };
    const withEvictions = await run(one);
    const withoutEvictions = await run(big);
    expect(withEvictions.a).toBe(withoutEvictions.a);
    expect(withEvictions.hashes).toHaveLength(10);
    expect(withEvictions.hashes).toEqual(withoutEvictions.hashes);
    expect(one.compute.engines().count).toBe(1);
    expect(evicted.length).toBeGreaterThanOrEqual(5);
    expect(evicted[0]).toEqual({ processId: withEvictions.a, slot: 2 });
    expect((await one.compute.state(withEvictions.a, 'Count')).value).toBe(3);
  });
});

describe('dry-run', () => {
  it('evaluates on a copy: neither the state nor the stored results change', async () => {
    const node = await startNode({ eager: false });
    const pid = await counterProcess(node);
    await sendMessage(node, alice, pid, 'Inc');
    await node.compute.catchUp(pid);
    const rowsBefore = storedRows(node, pid);
    const result = await node.compute.dryRun(pid, {
      Owner: alice.address,
      Tags: [{ name: 'Action', value: 'Inc' }],
    });
    expect(outputData(result.Output)).toContain('Count is now 2');
    expect(result.Messages[0]?.Target).toBe(alice.address);
    expect((await node.compute.state(pid, 'Count')).value).toBe(1);
    expect(storedRows(node, pid)).toEqual(rowsBefore);
    const again = await node.compute.dryRun(pid, {
      Owner: alice.address,
      Tags: [{ name: 'Action', value: 'Inc' }],
    });
    expect(outputData(again.Output)).toContain('Count is now 2');
  });

  it('hands the process Read-Only, the latest Timestamp and Target = the process', async () => {
    const node = await startNode({ eager: false });
    const pid = await counterProcess(node);
    node.advance(5000);
    await sendMessage(node, alice, pid, 'Inc');
    const peek = `Handlers.add('Peek', 'Peek', function (msg)
      print(tostring(msg['Read-Only']) .. ' ' .. msg.Timestamp .. ' ' .. msg.Target .. ' ' .. Count)
    end)`;
    await sendMessage(node, owner, pid, 'Eval', peek);
    const result = await node.compute.dryRun(pid, {
      Owner: alice.address,
      Tags: [{ name: 'Action', value: 'Peek' }],
    });
    const latest = node.store.latestAssignment(pid)!;
    expect(outputData(result.Output)).toBe(`true ${latest.timestamp} ${pid} 1`);
    const atSlot1 = await node.compute.dryRun(
      pid,
      { Owner: owner.address, Tags: [{ name: 'Action', value: 'Eval' }], Data: 'return tostring(Count)' },
      { slot: 1 },
    );
    expect(outputData(atSlot1.Output)).toBe('0');
    expect(node.store.latestAssignment(pid)?.slot).toBe(3);
  });

  it('refuses a body of the wrong shape, naming the field', async () => {
    const node = await startNode({ eager: false });
    const pid = await counterProcess(node);
    await expect(node.compute.dryRun(pid, { Tags: 'Action=Inc' })).rejects.toThrow(/Tags must be an array/);
  });
});

describe('state', () => {
  it('reads a global at the head and at an earlier slot', async () => {
    const node = await startNode({ eager: false });
    const pid = await counterProcess(node);
    for (let i = 0; i < 4; i++) await sendMessage(node, alice, pid, 'Inc');
    expect(await node.compute.state(pid, 'Count')).toEqual({ slot: 5, value: 4 });
    expect(await node.compute.state(pid, 'Count', { slot: 3 })).toEqual({ slot: 3, value: 2 });
    const handlers = await node.compute.state(pid, 'Handlers.list');
    const names = (handlers.value as { name: string }[]).map((h) => h.name);
    expect(names).toEqual(expect.arrayContaining(['Inc', 'Boom']));
    const inc = names.indexOf('Inc') + 1;
    expect((await node.compute.state(pid, `Handlers.list[${inc}].name`)).value).toBe('Inc');
    expect((await node.compute.state(pid, `Handlers.list[${inc}]["handle"]`)).value).toBe('[function]');
  });

  it('turns tables into JSON arrays and objects and marks cycles', async () => {
    const node = await startNode({ eager: false });
    const pid = await spawnProcess(node, owner);
    await sendMessage(
      node,
      owner,
      pid,
      'Eval',
      "T = { list = {1, 2, 'x'}, map = { b = true, a = 1.5 }, empty = {} }; T.self = T; T[7] = 'seven'",
    );
    expect((await node.compute.state(pid, 'T')).value).toEqual({
      '7': 'seven',
      empty: [],
      list: [1, 2, 'x'],
      map: { a: 1.5, b: true },
      self: '[circular]',
    });
  });

  it('reads with the library functions of boot time, under the process limits', async () => {
    const node = await startNode({ eager: false });
    const pid = await spawnProcess(node, owner, [{ name: 'Compute-Limit', value: '1000000' }]);
    await sendMessage(
      node,
      owner,
      pid,
      'Eval',
      "Name = 'a\\nb'; string.gsub = function() while true do end end",
    );
    await sendMessage(node, owner, pid, 'Eval', "Big = {}; for i = 1, 50000 do Big['k' .. i] = i end");
    // A process replacing string.gsub does not reach the reader (it captured the original at boot).
    expect((await node.compute.state(pid, 'Name')).value).toBe('a\nb');
    // Serializing 50,000 keys takes more than the process's 1,000,000 instructions: a clear error.
    await expect(node.compute.state(pid, 'Big')).rejects.toThrow(
      /could not be read at slot 2: gas limit exceeded/,
    );
    expect((await node.compute.state(pid, 'Big.k7')).value).toBe(7);
  });

  it('gives clear errors for a bad or missing path and never evaluates it', async () => {
    const node = await startNode({ eager: false });
    const pid = await counterProcess(node);
    await expect(node.compute.state(pid, 'Count; os.exit()')).rejects.toThrow(/unexpected ";" at position 5/);
    await expect(node.compute.state(pid, 'Nope.x')).rejects.toThrow(/has no value at Nope/);
    await expect(node.compute.state(pid, 'Count.x')).rejects.toThrow(/Count is a number, not a table/);
    await expect(node.compute.state(pid, 'Count', { slot: 99 })).rejects.toThrow(/has no slot 99/);
  });
});
