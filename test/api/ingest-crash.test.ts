import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Tag } from '../../src/core/types.js';
import { signDataItem } from '../../src/crypto/index.js';
import { DATABASE_FILE } from '../../src/node.js';
import { openStore } from '../../src/store/open.js';
import { freePort, startCli } from '../support/cli-process.js';
import { testSigner } from '../support/log-items.js';
import { tempDir } from '../support/store-fixtures.js';

const temp = tempDir('aolite-ingest-crash-');
afterAll(() => temp.cleanup());

const user = testSigner('ingest-crash');
const ao = (type: string): Tag[] => [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: type },
];

describe('ingest under SIGKILL', () => {
  it('keeps every acknowledged post of a group commit when the node is killed mid-stream, slots gap-free', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const node = startCli(['serve', '--data', temp.dir, '--port', String(port)]);
    await node.waitFor('health');
    const address = /aolite node (\S+)/.exec(node.output())?.[1] ?? '';
    const moduleId = /module\s+(\S+)/.exec(node.output())?.[1] ?? '';
    const spawn = signDataItem(
      {
        tags: [...ao('Process'), { name: 'Module', value: moduleId }, { name: 'Scheduler', value: address }],
        data: '',
      },
      user,
    );
    const post = (raw: Uint8Array) =>
      fetch(`${base}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(raw),
      });
    expect((await post(spawn.raw)).status).toBe(202);

    const messages = Array.from({ length: 2000 }, (_, i) =>
      signDataItem(
        { target: spawn.id, tags: [...ao('Message'), { name: 'N', value: String(i) }], data: '' },
        user,
      ),
    );
    const acknowledged = new Map<string, number>();
    let next = 0;
    let killed = false;
    // 16 clients post back to back; the node is killed once 300 posts have been acknowledged.
    const lane = async () => {
      while (next < messages.length && !killed) {
        const item = messages[next++]!;
        try {
          const response = await post(item.raw);
          if (response.status !== 202) throw new Error(`post answered ${response.status}`);
          const { slot } = (await response.json()) as { slot: number };
          acknowledged.set(item.id, slot);
          if (acknowledged.size === 300 && !killed) {
            killed = true;
            node.child.kill('SIGKILL');
          }
        } catch (error) {
          if (!killed) throw error; // after the kill, refused connections are expected
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, lane));
    await node.exited;
    expect(acknowledged.size).toBeGreaterThanOrEqual(300);

    const store = openStore({ path: join(temp.dir, DATABASE_FILE) });
    try {
      const rows = store.assignmentsBySlot(spawn.id, { limit: 10_000 });
      // Gap-free from slot 0, and every acknowledged post is there with the slot it was told.
      expect(rows.map((r) => r.slot)).toEqual(rows.map((_, i) => i));
      const slotOf = new Map(rows.map((r) => [r.messageId, r.slot]));
      const missing = [...acknowledged].filter(([id, slot]) => slotOf.get(id) !== slot);
      expect(missing).toEqual([]);
    } finally {
      store.close();
    }
  });
});
