import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCompute } from '../src/compute/index.js';
import { signDataItem } from '../src/crypto/index.js';
import { NODE_KEY_FILE } from '../src/node/identity.js';
import { spawnProcess } from './support/aos-items.js';
import { PING_PONG_CODE } from './support/chain-processes.js';
import { testSigner } from './support/log-items.js';
import { tempDir } from './support/store-fixtures.js';
import { createTestNode, type TestNode } from './support/test-node.js';

const owner = testSigner('restart-owner');
const dirs = [tempDir('aolite-messenger-a-'), tempDir('aolite-messenger-b-')];
afterAll(() => {
  for (const dir of dirs) dir.cleanup();
});

/** A user message whose id depends only on its arguments (unlike aos-items' numbered sendMessage). */
async function send(
  node: TestNode,
  target: string,
  tags: Record<string, string>,
  data = ' ',
): Promise<string> {
  const item = signDataItem(
    {
      target,
      tags: [
        { name: 'Data-Protocol', value: 'ao' },
        { name: 'Variant', value: 'ao.TN.1' },
        { name: 'Type', value: 'Message' },
        ...Object.entries(tags).map(([name, value]) => ({ name, value })),
      ],
      data,
    },
    owner,
  );
  const response = await node.post(item.raw);
  if (response.status !== 202) throw new Error(await response.text());
  return item.id;
}

/** Spawns ping and pong and posts Start; returns the ids. */
async function setUp(node: TestNode, rounds: number) {
  const ids = { ping: '', pong: '', start: '' };
  for (const name of ['ping', 'pong'] as const) {
    ids[name] = await spawnProcess(node, owner, [{ name: 'Authority', value: node.address }], name);
    await send(node, ids[name], { Action: 'Eval' }, PING_PONG_CODE);
  }
  ids.start = await send(node, ids.ping, { Action: 'Start', Peer: ids.pong, Rounds: String(rounds) });
  return ids;
}

const deliveredIds = (node: TestNode) =>
  (
    node.store.orm.$client
      .prepare('SELECT message_id AS id FROM deliveries ORDER BY source_process, slot, kind, outbox_index')
      .all() as { id: string }[]
  ).map((row) => row.id);

describe('messenger restart', () => {
  it('delivers at start what was evaluated but not delivered, with the ids an uninterrupted run gives', async () => {
    const [a, b] = dirs as [ReturnType<typeof tempDir>, ReturnType<typeof tempDir>];
    // Run A: results are stored by a compute the messenger never hears of, then the node stops.
    const first = await createTestNode({ dataDir: a.dir }, { eager: false });
    const { ping, pong, start } = await setUp(first, 20);
    const silent = createCompute({ store: first.store });
    await silent.catchUp(ping);
    await silent.close();
    expect(deliveredIds(first)).toEqual([]);
    await first.close();

    const second = await createTestNode({ dataDir: a.dir });
    await second.settle();
    expect((await second.compute.state(pong, 'Hits')).value).toBe(11);
    expect((await second.compute.state(ping, 'Hits')).value).toBe(10);
    expect(second.messenger.lineage(start).children).toHaveLength(1);
    const idsA = deliveredIds(second);
    expect(idsA).toHaveLength(21);
    await second.close();

    // Run B: same node key, same inputs, nothing interrupted.
    copyFileSync(join(a.dir, NODE_KEY_FILE), join(b.dir, NODE_KEY_FILE));
    const third = await createTestNode({ dataDir: b.dir });
    const ids = await setUp(third, 20);
    expect(ids).toEqual({ ping, pong, start });
    await third.settle();
    expect(deliveredIds(third)).toEqual(idsA);
    await third.close();
  });
});
