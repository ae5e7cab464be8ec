/**
 * The MU routes through the real aoconnect 0.0.98 client in legacy mode, over HTTP on 127.0.0.1:
 * assign, monitor and unmonitor, and a message whose reply is pushed to another process.
 */
import { createDataItemSigner } from '@permaweb/aoconnect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArweaveSigner } from '../src/crypto/index.js';
import { startAoconnectNode } from './support/aoconnect-node.js';
import { spawnWithCode } from './support/chain-processes.js';
import { loadTestJwk } from './support/data-items.js';
import { itemId } from './support/log-items.js';
import type { TestNode } from './support/test-node.js';

interface Tag {
  name: string;
  value: string;
}
interface LegacyAo {
  message(args: { process: string; tags: Tag[]; data?: string; signer: unknown }): Promise<string>;
  assign(args: { process: string; message: string; exclude?: string[] }): Promise<string>;
  monitor(args: { process: string; signer: unknown }): Promise<string>;
  unmonitor(args: { process: string; signer: unknown }): Promise<string>;
}

const jwk = loadTestJwk();
const signer = createDataItemSigner(jwk);
const wallet = createArweaveSigner(jwk);
let node: TestNode;
let stop: () => Promise<void>;
let ao: LegacyAo;

beforeAll(async () => {
  ({ node, ao, close: stop } = await startAoconnectNode<LegacyAo>());
});

afterAll(async () => {
  await stop();
});

const RECEIVER = `
ao.addAssignable('notes', { Action = 'Note' })
Notes = Notes or {}
Handlers.add('Note', 'Note', function (msg) table.insert(Notes, msg.Data) end)`;

describe('aoconnect against the MU routes', () => {
  it('assign puts an existing message on another process and returns the Assignment id', async () => {
    const first = await spawnWithCode(node, wallet, RECEIVER, 'first');
    const second = await spawnWithCode(node, wallet, RECEIVER, 'second');
    const note = await ao.message({
      process: first,
      tags: [{ name: 'Action', value: 'Note' }],
      data: 'hello',
      signer,
    });
    const assignmentId = await ao.assign({ process: second, message: note, exclude: ['Data'] });
    const assignment = node.store.assignmentOf(second, note);
    expect(assignmentId).toBe(assignment?.assignmentId);
    expect(node.store.getItem(assignmentId)?.tags.filter((t) => t.name === 'Exclude')).toEqual([
      { name: 'Exclude', value: 'Data' },
    ]);
    await node.settle();
    expect((await node.compute.state(second, 'Notes')).value).toEqual(['hello']);
  });

  it('monitor and unmonitor a cron process', async () => {
    const cron = await spawnWithCode(node, wallet, 'Ticks = 0', 'cron', [
      { name: 'Cron-Interval', value: '5-seconds' },
      { name: 'Cron-Tag-Action', value: 'Tick' },
    ]);
    expect(typeof (await ao.unmonitor({ process: cron, signer }))).toBe('string');
    node.advance(10_000);
    expect(node.messenger.tickCrons()).toBe(0);
    expect(typeof (await ao.monitor({ process: cron, signer }))).toBe('string');
    const ticks = node.store
      .assignmentsBySlot(cron, { fromSlot: 0 })
      .filter((a) =>
        node.store.getItem(a.messageId)?.tags.some((t) => t.name === 'Type' && t.value === 'Cron'),
      );
    expect(ticks).toHaveLength(2);
    await expect(ao.monitor({ process: itemId('no such process'), signer })).rejects.toThrow(/404/);
  });
});
