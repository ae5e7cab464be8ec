import { afterEach, describe, expect, it } from 'vitest';
import { tagValue } from '../src/core/tags.js';
import { sendMessage } from './support/aos-items.js';
import { HOLDER_CODE, PING_PONG_CODE, spawnWithCode, TOKEN_CODE, tags } from './support/chain-processes.js';
import { testSigner } from './support/log-items.js';
import { createTestNode, type TestNode } from './support/test-node.js';

const owner = testSigner('chains-owner');

const nodes: TestNode[] = [];
afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close();
});

async function startNode(config: Parameters<typeof createTestNode>[0] = {}): Promise<TestNode> {
  const node = await createTestNode(config);
  nodes.push(node);
  return node;
}

const state = async (node: TestNode, pid: string, path: string) =>
  (await node.compute.state(pid, path)).value;
const count = async (node: TestNode, pid: string, path: string) => Number(await state(node, pid, path));

describe('token transfer across three processes', () => {
  it('delivers the Transfer, then the Debit and Credit notices, and balances add up', async () => {
    const node = await startNode();
    const token = await spawnWithCode(node, owner, TOKEN_CODE, 'token');
    const alice = await spawnWithCode(node, owner, HOLDER_CODE, 'alice');
    const bob = await spawnWithCode(node, owner, HOLDER_CODE, 'bob');
    await sendMessage(node, owner, token, 'Mint', ' ', tags({ Recipient: alice, Quantity: '1000' }));
    const pay = (quantity: string) =>
      sendMessage(node, owner, alice, 'Pay', ' ', tags({ Token: token, Recipient: bob, Quantity: quantity }));
    const first = await pay('300');
    await pay('200');
    await pay('600'); // more than alice has left: Transfer-Error back to alice
    await node.settle();

    expect(await state(node, token, 'Balances')).toEqual({ [alice]: 500, [bob]: 500 });
    expect(await state(node, alice, 'Debits')).toBe(2);
    expect(await state(node, bob, 'Credits')).toBe(2);
    expect(await state(node, bob, 'Received')).toBe(500);
    expect(await state(node, alice, 'Credits')).toBe(0);

    // Lineage of the first payment: Pay → Transfer (alice → token) → Debit-Notice + Credit-Notice.
    const root = node.messenger.lineage(first);
    expect(root.root).toBe(first);
    expect(root.parent).toBeNull();
    expect(root.children).toHaveLength(1);
    const transfer = root.children[0]!;
    expect(transfer).toMatchObject({
      kind: 'message',
      target: token,
      status: 'assigned',
      depth: 1,
      root: first,
    });
    const transferLineage = node.messenger.lineage(transfer.messageId!);
    expect(transferLineage.parent).toMatchObject({ processId: alice, messageId: first, kind: 'message' });
    expect(transferLineage.root).toBe(first);
    expect(transferLineage.children.map((c) => [c.target, c.depth, c.status])).toEqual([
      [alice, 2, 'assigned'],
      [bob, 2, 'assigned'],
    ]);
    const credit = node.store.getItem(transferLineage.children[1]!.messageId!)!;
    expect(credit.ownerAddress).toBe(node.address);
    expect(tagValue(credit.tags, 'From-Process')).toBe(token);
    expect(tagValue(credit.tags, 'Pushed-For')).toBe(first);
    expect(tagValue(credit.tags, 'Action')).toBe('Credit-Notice');
    expect(tagValue(credit.tags, 'From-Module')).toBe(node.moduleId);
  });
});

describe('ping-pong', () => {
  it('bounces 1,000 rounds between two processes, each message delivered once', async () => {
    const node = await startNode();
    const ping = await spawnWithCode(node, owner, PING_PONG_CODE, 'ping');
    const pong = await spawnWithCode(node, owner, PING_PONG_CODE, 'pong');
    const start = await sendMessage(node, owner, ping, 'Start', ' ', tags({ Peer: pong, Rounds: '1000' }));
    await node.settle();
    // Rounds 1000 … 0 arrive alternately (1001 pushes): 1001 hits, pong gets 501 (1000, 998, …, 0), ping 500.
    expect(await state(node, pong, 'Hits')).toBe(501);
    expect(await state(node, ping, 'Hits')).toBe(500);
    const db = node.store.orm.$client;
    expect(
      db
        .prepare(
          `SELECT count(*) AS n, count(DISTINCT message_id) AS ids, max(depth) AS depth, min(status) AS s
           FROM deliveries WHERE root = ?`,
        )
        .get(start),
    ).toEqual({ n: 1001, ids: 1001, depth: 1001, s: 'assigned' });
  });

  it('refuses the push past maxChainDepth and records why, without hanging', async () => {
    const node = await startNode({ maxChainDepth: 10 });
    const ping = await spawnWithCode(node, owner, PING_PONG_CODE, 'ping');
    const pong = await spawnWithCode(node, owner, PING_PONG_CODE, 'pong');
    const start = await sendMessage(node, owner, ping, 'Start', ' ', tags({ Peer: pong, Rounds: '1000000' }));
    await node.settle();
    const rows = node.store.orm.$client
      .prepare('SELECT status, depth, error FROM deliveries WHERE root = ? ORDER BY seq')
      .all(start) as { status: string; depth: number; error: string | null }[];
    expect(rows).toHaveLength(11);
    expect(rows.slice(0, 10).every((r) => r.status === 'assigned')).toBe(true);
    expect(rows[10]).toMatchObject({ status: 'refused', depth: 11 });
    expect(rows[10]!.error).toContain(`the chain of ${start} is 11 pushes deep, past maxChainDepth 10`);
    expect((await count(node, ping, 'Hits')) + (await count(node, pong, 'Hits'))).toBe(10);
  });
});

describe('fan-out loops', () => {
  it('stop at maxChainMessages deliveries for one root; later entries are refused, not lost silently', async () => {
    const node = await startNode({ maxChainMessages: 50 });
    const code = `
Booms = Booms or 0
Handlers.add('Boom', 'Boom', function (msg)
  Booms = Booms + 1
  ao.send({ Target = ao.id, Action = 'Boom' })
  ao.send({ Target = ao.id, Action = 'Boom' })
end)`;
    const pid = await spawnWithCode(node, owner, code, 'boom');
    const root = await sendMessage(node, owner, pid, 'Boom');
    await node.settle();
    const rows = node.store.orm.$client
      .prepare('SELECT status, count(*) AS n FROM deliveries WHERE root = ? GROUP BY status ORDER BY status')
      .all(root);
    // 1 + 50 evaluations, two sends each: the first 50 delivered, the other 52 refused.
    expect(rows).toEqual([
      { status: 'assigned', n: 50 },
      { status: 'refused', n: 52 },
    ]);
    expect(await count(node, pid, 'Booms')).toBe(51);
  });
});

describe('rings', () => {
  it('a message passed around A → B → C → A for 30 laps arrives in order and completes', async () => {
    const node = await startNode();
    const code = `
Seen = Seen or {}
Handlers.add('Pass', 'Pass', function (msg)
  local hop = tonumber(msg.Hop)
  table.insert(Seen, hop)
  if hop < 90 then ao.send({ Target = Next, Action = 'Pass', Hop = tostring(hop + 1) }) end
end)`;
    const ring = [];
    for (const name of ['a', 'b', 'c']) ring.push(await spawnWithCode(node, owner, code, name));
    for (let i = 0; i < 3; i++) {
      await sendMessage(node, owner, ring[i]!, 'Eval', `Next = '${ring[(i + 1) % 3]}'`);
    }
    await sendMessage(node, owner, ring[0]!, 'Pass', ' ', tags({ Hop: '1' }));
    await node.settle();
    const seen = await Promise.all(ring.map((pid) => state(node, pid, 'Seen')));
    expect(seen[0]).toEqual(Array.from({ length: 30 }, (_, i) => 1 + 3 * i));
    expect(seen[1]).toEqual(Array.from({ length: 30 }, (_, i) => 2 + 3 * i));
    expect(seen[2]).toEqual(Array.from({ length: 30 }, (_, i) => 3 + 3 * i));
  });
});

describe('roots', () => {
  it('a Pushed-For tag on a user-signed message is not believed: the message is its own root', async () => {
    const node = await startNode();
    const ping = await spawnWithCode(node, owner, PING_PONG_CODE, 'ping');
    const pong = await spawnWithCode(node, owner, PING_PONG_CODE, 'pong');
    const forged = 'f'.repeat(43);
    const start = await sendMessage(
      node,
      owner,
      ping,
      'Start',
      ' ',
      tags({ Peer: pong, Rounds: '2', 'Pushed-For': forged }),
    );
    await node.settle();
    expect(node.messenger.lineage(start).root).toBe(start);
    const rows = node.store.orm.$client
      .prepare('SELECT DISTINCT root FROM deliveries WHERE source_process IN (?, ?)')
      .all(ping, pong);
    expect(rows).toEqual([{ root: start }]);
    const pushed = node.messenger.lineage(start).children[0]!.messageId!;
    expect(tagValue(node.store.getItem(pushed)!.tags, 'Pushed-For')).toBe(start);
  });
});
