import { describe, expect, it } from 'vitest';
import { createCompute } from '../src/compute/index.js';
import { AoliteError } from '../src/core/errors.js';
import { signDataItem } from '../src/crypto/index.js';
import { createMessenger } from '../src/messenger/index.js';
import { createDeliveryStore, createResultStore } from '../src/store/index.js';
import { sendMessage } from './support/aos-items.js';
import { PING_PONG_CODE, spawnWithCode, tags } from './support/chain-processes.js';
import { testSigner } from './support/log-items.js';
import { createTestNode } from './support/test-node.js';

const owner = testSigner('retry-owner');

describe('delivery failures', () => {
  it('roll the batch back and are retried: the entry is delivered once, not refused', async () => {
    const node = await createTestNode({}, { eager: false });
    const ping = await spawnWithCode(node, owner, PING_PONG_CODE, 'ping');
    const pong = await spawnWithCode(node, owner, PING_PONG_CODE, 'pong');
    await sendMessage(node, owner, ping, 'Start', ' ', tags({ Peer: pong, Rounds: '0' }));

    const real = createDeliveryStore(node.store);
    let failuresLeft = 1;
    const errors: unknown[] = [];
    const messenger = createMessenger({
      store: node.store,
      scheduler: node.scheduler,
      signer: node.signer,
      createItem: signDataItem,
      results: createResultStore(node.store),
      deliveries: {
        ...real,
        insert(record) {
          if (failuresLeft-- > 0) throw new AoliteError('UNAVAILABLE', 'database is busy (injected)');
          real.insert(record);
        },
      },
      onError: (_processId, error) => errors.push(error),
    });
    const compute = createCompute({ store: node.store });
    await compute.catchUp(ping);
    messenger.notify(ping);
    await messenger.idle();
    expect(errors.map((e) => (e as Error).message)).toEqual(['database is busy (injected)']);
    expect(real.ofSlot(ping, 2)).toEqual([]);
    for (let waited = 0; waited < 10_000 && real.ofSlot(ping, 2).length === 0; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(real.ofSlot(ping, 2).map((r) => [r.kind, r.target, r.status])).toEqual([
      ['message', pong, 'assigned'],
    ]);
    expect(real.cursor(ping)).toBe(2);
    await messenger.close();
    await compute.close();
    await node.close();
  });
});
