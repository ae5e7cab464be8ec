import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, parseConfigArgs } from '../../src/config.js';
import { createChainRate } from '../../src/messenger/chain-rate.js';
import type { HeldChain } from '../../src/messenger/index.js';
import { sendMessage } from '../support/aos-items.js';
import { PING_PONG_CODE, spawnWithCode, tags } from '../support/chain-processes.js';
import { testSigner } from '../support/log-items.js';
import { tempDir } from '../support/store-fixtures.js';
import { createTestNode, type TestNode } from '../support/test-node.js';

const owner = testSigner('chain-rate-owner');

describe('the chain rate window', () => {
  it('lets `limit` deliveries of a root through per second, then says how long to wait', () => {
    let now = 5_000;
    const rate = createChainRate(3, () => now);
    expect(rate.holdFor('r')).toBeUndefined();
    rate.count('r');
    rate.count('r');
    now += 400;
    rate.count('r');
    expect(rate.inWindow('r')).toBe(3);
    expect(rate.holdFor('r')).toBe(600);
    expect(rate.holdFor('other')).toBeUndefined();
    now += 600; // the window that started at 5,000 is over
    expect(rate.holdFor('r')).toBeUndefined();
    expect(rate.inWindow('r')).toBe(0);
    rate.count('r');
    expect(rate.inWindow('r')).toBe(1);
  });

  it('never holds anything when the limit is 0', () => {
    const rate = createChainRate(0, () => 0);
    for (let i = 0; i < 10; i++) rate.count('r');
    expect(rate.holdFor('r')).toBeUndefined();
  });
});

describe('maxChainRate option', () => {
  it('defaults to 1,000 deliveries per root per second and is parsed from --max-chain-rate', () => {
    expect(defaultConfig.maxChainRate).toBe(1000);
    expect(parseConfigArgs(['--max-chain-rate', '25']).maxChainRate).toBe(25);
    expect(parseConfigArgs(['--max-chain-rate=0']).maxChainRate).toBe(0);
  });

  it('refuses a negative or fractional rate with a message naming the option', () => {
    expect(() => parseConfigArgs(['--max-chain-rate', '-1'])).toThrow(
      'option --max-chain-rate needs a non-negative integer, got "-1"',
    );
    expect(() => parseConfigArgs(['--max-chain-rate', '1.5'])).toThrow(
      'option --max-chain-rate needs a non-negative integer, got "1.5"',
    );
  });
});

/** A node whose messenger paces chains on a hand-advanced clock and reports every hold. */
async function rateNode(maxChainRate: number, dataDir?: string) {
  let now = 0;
  const holds: HeldChain[] = [];
  let waiting: (() => void)[] = [];
  const node = await createTestNode(
    { maxChainRate, ...(dataDir === undefined ? {} : { dataDir }) },
    {},
    {},
    {
      now: () => now,
      onHeld(held) {
        holds.push(held);
        for (const wake of waiting.splice(0)) wake();
      },
    },
  );
  nodes.push(node);
  /** Resolves at the first hold (already reported or coming) that `accept` takes. */
  const held = async (accept: (held: HeldChain) => boolean): Promise<HeldChain> => {
    for (;;) {
      const found = holds.find(accept);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  return {
    node,
    holds,
    held,
    /** Next second, deliver what waits: until a new hold is reported or the node settles. */
    async nextSecond(): Promise<'held' | 'settled'> {
      const seen = holds.length;
      now += 1000;
      node.messenger.resume();
      return Promise.race([
        node.settle().then(() => 'settled' as const),
        held(() => holds.length > seen).then(() => 'held' as const),
      ]);
    },
    stopWaiting() {
      waiting = [];
    },
  };
}

const nodes: TestNode[] = [];
afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close();
});

const assignedOf = (node: TestNode, root: string): number =>
  (
    node.store.orm.$client
      .prepare("SELECT count(*) AS n FROM deliveries WHERE root = ? AND status = 'assigned'")
      .get(root) as { n: number }
  ).n;

describe('a chain past maxChainRate', () => {
  it('waits for the next second instead of being refused, is reported, and completes unchanged', async () => {
    const paced = await rateNode(10);
    const { node } = paced;
    const ping = await spawnWithCode(node, owner, PING_PONG_CODE, 'ping');
    const pong = await spawnWithCode(node, owner, PING_PONG_CODE, 'pong');
    // Start → Ping(24) → Pong(23) → … → (0): 25 pushes in one chain, 10 allowed per second.
    const start = await sendMessage(node, owner, ping, 'Start', ' ', tags({ Peer: pong, Rounds: '24' }));

    const first = await paced.held((held) => held.root === start);
    expect(first).toMatchObject({ root: start, deliveries: 10, limit: 10, retryInMs: 1000 });
    expect([ping, pong]).toContain(first.processId);
    expect(assignedOf(node, start)).toBe(10);
    expect(node.messenger.held()).toEqual([{ ...first, retryInMs: 1000 }]);
    expect(node.messenger.pending()).toBeGreaterThanOrEqual(1);
    // The held slot is evaluated; its outbox is not delivered yet.
    expect(node.messenger.deliveriesOf(first.processId, first.slot)).toEqual([]);

    expect(await paced.nextSecond()).toBe('held');
    expect(assignedOf(node, start)).toBe(20);
    const second = paced.holds[paced.holds.length - 1]!;
    expect(second).toMatchObject({ root: start, deliveries: 10 });
    expect(node.messenger.deliveriesOf(second.processId, second.slot)).toEqual([]);

    expect(await paced.nextSecond()).toBe('settled');
    expect(node.messenger.held()).toEqual([]);
    expect(node.messenger.pending()).toBe(0);
    const rows = node.store.orm.$client
      .prepare('SELECT status, depth FROM deliveries WHERE root = ? ORDER BY depth')
      .all(start) as { status: string; depth: number }[];
    expect(rows).toEqual(Array.from({ length: 25 }, (_, i) => ({ status: 'assigned', depth: i + 1 })));
    const hits = async (pid: string) => Number((await node.compute.state(pid, 'Hits')).value);
    expect((await hits(ping)) + (await hits(pong))).toBe(25);
    expect(paced.holds.every((held) => held.root === start && held.deliveries === 10)).toBe(true);
  });

  it('holds only that chain: another root goes on meanwhile', async () => {
    const paced = await rateNode(4);
    const { node } = paced;
    const ping = await spawnWithCode(node, owner, PING_PONG_CODE, 'ping');
    const pong = await spawnWithCode(node, owner, PING_PONG_CODE, 'pong');
    const loop = await sendMessage(node, owner, ping, 'Start', ' ', tags({ Peer: pong, Rounds: '9' }));
    await paced.held((held) => held.root === loop);
    expect(assignedOf(node, loop)).toBe(4);

    // A second user chain from a third process to pong is delivered while the loop waits.
    const solo = await spawnWithCode(node, owner, PING_PONG_CODE, 'solo');
    const other = await sendMessage(node, owner, solo, 'Start', ' ', tags({ Peer: pong, Rounds: '0' }));
    for (let i = 0; i < 10_000 && assignedOf(node, other) === 0; i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(assignedOf(node, other)).toBe(1);
    expect(assignedOf(node, loop)).toBe(4);

    const outcomes: string[] = [];
    for (let i = 0; i < 5 && outcomes[outcomes.length - 1] !== 'settled'; i++) {
      outcomes.push(await paced.nextSecond());
    }
    expect(outcomes).toEqual(['held', 'settled']);
    expect(assignedOf(node, loop)).toBe(10);
    paced.stopWaiting();
  });

  it('is not held at all when maxChainRate is 0', async () => {
    const paced = await rateNode(0);
    const { node } = paced;
    const ping = await spawnWithCode(node, owner, PING_PONG_CODE, 'ping');
    const pong = await spawnWithCode(node, owner, PING_PONG_CODE, 'pong');
    const loop = await sendMessage(node, owner, ping, 'Start', ' ', tags({ Peer: pong, Rounds: '29' }));
    await node.settle();
    expect(assignedOf(node, loop)).toBe(30);
    expect(paced.holds).toEqual([]);
  });

  it('is delivered after a restart when the node stops while the chain waits, exactly once', async () => {
    const folder = tempDir('aolite-chain-rate-');
    try {
      const paced = await rateNode(5, folder.dir);
      const ping = await spawnWithCode(paced.node, owner, PING_PONG_CODE, 'ping');
      const pong = await spawnWithCode(paced.node, owner, PING_PONG_CODE, 'pong');
      const loop = await sendMessage(
        paced.node,
        owner,
        ping,
        'Start',
        ' ',
        tags({ Peer: pong, Rounds: '9' }),
      );
      await paced.held((held) => held.root === loop);
      expect(assignedOf(paced.node, loop)).toBe(5);
      await paced.node.close();

      const restarted = await createTestNode({ dataDir: folder.dir, maxChainRate: 0 });
      nodes.push(restarted);
      await restarted.settle();
      const rows = restarted.store.orm.$client
        .prepare('SELECT status, depth FROM deliveries WHERE root = ? ORDER BY seq')
        .all(loop) as { status: string; depth: number }[];
      expect(rows).toEqual(Array.from({ length: 10 }, (_, i) => ({ status: 'assigned', depth: i + 1 })));
      const hits = async (pid: string) => Number((await restarted.compute.state(pid, 'Hits')).value);
      expect((await hits(ping)) + (await hits(pong))).toBe(10);
      await restarted.close();
    } finally {
      folder.cleanup();
    }
  });
});
