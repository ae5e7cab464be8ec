import { afterEach, describe, expect, it } from 'vitest';
import { sendMessage } from '../support/aos-items.js';
import { spawnWithCode, tags } from '../support/chain-processes.js';
import { testSigner } from '../support/log-items.js';
import { createTestNode, type TestNode } from '../support/test-node.js';

const owner = testSigner('outbox-runs-owner');
const wallet = testSigner('outbox-runs-wallet');

const nodes: TestNode[] = [];
afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close();
});

const SINK = `
Got = Got or {}
Handlers.add('N', 'N', function (msg) table.insert(Got, tonumber(msg.I)) end)`;

const FAN = `
Handlers.add('Fan', 'Fan', function (msg)
  for i = 1, 30 do
    ao.send({ Target = i == 10 and msg.Wallet or msg.Sink, Action = 'N', I = tostring(i) })
  end
  ao.assign({ Processes = { msg.Sink }, Message = msg.Id })
end)`;

describe('a slot with many Messages entries', () => {
  it('delivers them in outbox order, counts each against maxChainMessages and refuses the rest', async () => {
    const node = await createTestNode({ maxChainMessages: 25 });
    nodes.push(node);
    const sink = await spawnWithCode(node, owner, SINK, 'sink');
    const fan = await spawnWithCode(node, owner, FAN, 'fan');
    const root = await sendMessage(
      node,
      owner,
      fan,
      'Fan',
      ' ',
      tags({ Sink: sink, Wallet: wallet.address }),
    );
    await node.settle();

    const rows = node.store.orm.$client
      .prepare(`SELECT kind, outbox_index AS i, status, target FROM deliveries WHERE root = ? ORDER BY seq`)
      .all(root) as { kind: string; i: number; status: string; target: string | null }[];
    // 30 Messages entries and 1 Assignment: 25 delivered (entry 10 to a wallet is stored), then refused.
    expect(rows.map((r) => `${r.kind}${r.i}:${r.status}`)).toEqual([
      ...Array.from({ length: 25 }, (_, i) => `message${i}:${i === 9 ? 'stored' : 'assigned'}`),
      ...Array.from({ length: 5 }, (_, i) => `message${25 + i}:refused`),
      'assign0:refused',
    ]);
    expect(rows[9]!.target).toBe(wallet.address);
    const got = (await node.compute.state(sink, 'Got')).value;
    expect(got).toEqual(Array.from({ length: 25 }, (_, i) => i + 1).filter((i) => i !== 10));
  });
});
