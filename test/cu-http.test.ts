import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COUNTER_CODE, outputData, sendMessage, spawnProcess } from './support/aos-items.js';
import { testSigner } from './support/log-items.js';
import { createTestNode, type TestNode } from './support/test-node.js';

const owner = testSigner('cu-owner');
const alice = testSigner('cu-alice');

let node: TestNode;
let pid: string;
const incs: string[] = [];

beforeEach(async () => {
  node = await createTestNode();
  pid = await spawnProcess(node, owner);
  await sendMessage(node, owner, pid, 'Eval', COUNTER_CODE);
  incs.length = 0;
  for (let i = 0; i < 3; i++) incs.push(await sendMessage(node, alice, pid, 'Inc'));
  await sendMessage(node, alice, pid, 'Boom'); // slot 5: an Error
  incs.push(await sendMessage(node, alice, pid, 'Inc')); // slot 6
});

afterEach(async () => {
  await node.close();
});

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await node.fetch(new Request(`http://aolite.test${path}`));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function post(path: string, body: string) {
  const response = await node.fetch(
    new Request(`http://aolite.test${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('CU HTTP routes', () => {
  it('GET /result/:message returns the result in the reference shape', async () => {
    const { status, body } = await get(`/result/${incs[0]}?process-id=${pid}`);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['Assignments', 'GasUsed', 'Messages', 'Output', 'Spawns']);
    expect(outputData(body.Output)).toContain('Count is now 1');
    expect((body.Messages as { Data: string }[])[0]?.Data).toBe('1');
  });

  it('GET /result of a failed message answers 200 with its Error', async () => {
    const boom = node.store.assignmentsBySlot(pid, { fromSlot: 5, limit: 1 })[0]!.messageId;
    const { status, body } = await get(`/result/${boom}?process-id=${pid}`);
    expect(status).toBe(200);
    expect(body.Error).toContain('boom!');
  });

  it('GET /result of an unknown message or process is a 404 JSON error', async () => {
    const unknown = await get(`/result/${'x'.repeat(43)}?process-id=${pid}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain('is not assigned to process');
    const noProcess = await get(`/result/${incs[0]}?process-id=${'y'.repeat(43)}`);
    expect(noProcess.status).toBe(404);
    expect(noProcess.body.error).toContain('is not a process here');
    const missing = await get(`/result/${incs[0]}`);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toContain('process-id');
  });

  it('GET /results pages through results without Error, by slot cursor', async () => {
    const first = await get(`/results/${pid}?limit=3`);
    expect(first.status).toBe(200);
    const edges = first.body.edges as { cursor: string; node: Record<string, unknown> }[];
    expect(edges).toHaveLength(3);
    expect(first.body.pageInfo).toEqual({ hasNextPage: true });
    const second = await get(`/results/${pid}?limit=3&from=${edges[2]!.cursor}`);
    const more = second.body.edges as { cursor: string; node: Record<string, unknown> }[];
    // Slots 3, 4 and 6: slot 5 has an Error and is not listed.
    expect(more.map((e) => outputData(e.node.Output))).toEqual([
      expect.stringContaining('Count is now 2'),
      expect.stringContaining('Count is now 3'),
      expect.stringContaining('Count is now 4'),
    ]);
    expect(second.body.pageInfo).toEqual({ hasNextPage: false });
    const latest = await get(`/results/${pid}?sort=DESC&limit=1`);
    const top = (latest.body.edges as { node: Record<string, unknown> }[])[0]!;
    expect(outputData(top.node.Output)).toContain('Count is now 4');
    expect(Object.keys(top.node).sort()).toEqual(['Assignments', 'Messages', 'Output', 'Spawns']);
    expect((await get(`/results/${pid}?from=nonsense!`)).status).toBe(400);
  });

  it('GET /results bounds a page by from (exclusive) and to (inclusive) in either order, as the reference CU', async () => {
    const all = await get(`/results/${pid}`);
    const cursors = (all.body.edges as { cursor: string }[]).map((e) => e.cursor);
    // Listed: slots 0 (spawn), 1..4 (Count 1..3 and the Eval) and 6; slot 5 has an Error.
    const counts = (body: Record<string, unknown>) =>
      (body.edges as { node: { Output: unknown } }[]).map(
        (e) => /Count is now (\d+)/.exec(outputData(e.node.Output))?.[1] ?? '-',
      );
    const upTo = await get(`/results/${pid}?sort=DESC&to=${cursors[3]}&limit=2`);
    const desc = await get(`/results/${pid}?sort=DESC&to=${cursors[3]}`);
    const newer = await get(`/results/${pid}?sort=DESC&from=${cursors[3]}`);
    const asc = await get(`/results/${pid}?sort=ASC&from=${cursors[1]}&to=${cursors[3]}`);
    expect(counts(all.body)).toEqual(['-', '-', '1', '2', '3', '4']);
    expect([counts(upTo.body), upTo.body.pageInfo]).toEqual([['2', '1'], { hasNextPage: true }]);
    expect(counts(desc.body)).toEqual(['2', '1', '-', '-']);
    expect(counts(newer.body)).toEqual(['4', '3']);
    expect(counts(asc.body)).toEqual(['1', '2']);
    // A limit over 1000 is taken, as the reference takes it (a page holds at most 1000); 0 is refused.
    const big = await get(`/results/${pid}?limit=5000`);
    expect([big.status, counts(big.body).length]).toEqual([200, 6]);
    const zero = await get(`/results/${pid}?limit=0`);
    expect([zero.status, zero.body.error]).toEqual([400, 'limit must be an integer of at least 1, got "0"']);
  });

  it('POST /dry-run evaluates without storing and refuses bad JSON with 400', async () => {
    await node.settle(); // replies of earlier evaluations are logged by the messenger in the background
    const before = node.counts();
    const body = JSON.stringify({
      Id: '1234',
      Owner: alice.address,
      Target: pid,
      Data: '1234',
      Anchor: '0',
      Tags: [
        { name: 'Action', value: 'Inc' },
        { name: 'Data-Protocol', value: 'ao' },
        { name: 'Type', value: 'Message' },
        { name: 'Variant', value: 'ao.TN.1' },
      ],
    });
    const { status, body: reply } = await post(`/dry-run?process-id=${pid}`, body);
    expect(status).toBe(200);
    expect(outputData(reply.Output)).toContain('Count is now 5');
    // in the shape /result serves (keys in canonical order), not in the Lua table order of the reply
    const [reply0] = reply.Messages as Array<{ Tags: object[] }>;
    expect(Object.keys(reply0!.Tags[0]!)).toEqual(['name', 'value']);
    expect(Object.keys(reply0!)).toEqual(Object.keys(reply0!).sort());
    expect(node.counts()).toEqual(before);
    const again = await post(`/dry-run?process-id=${pid}`, body);
    expect(outputData(again.body.Output)).toContain('Count is now 5');
    const bad = await post(`/dry-run?process-id=${pid}`, '{"Tags": [');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('not JSON');
  });

  it('GET /state/:pid returns a global path as JSON, at the head or at a slot', async () => {
    expect((await get(`/state/${pid}?path=Count`)).body).toBe(4);
    expect((await get(`/state/${pid}?path=Count&slot=3`)).body).toBe(2);
    const missing = await get(`/state/${pid}?path=Balances.ALICE`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toContain('no value at Balances');
    const bad = await get(`/state/${pid}?path=${encodeURIComponent('Count()')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('unexpected "("');
  });
});
