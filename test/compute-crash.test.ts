/**
 * Crash safety of evaluation: a node killed with SIGKILL while it evaluates in the background leaves its
 * results gap-free (one transaction per batch), and a restarted node resumes from the last stored result.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Tag } from '../src/core/types.js';
import { signDataItem } from '../src/crypto/index.js';
import { openStore } from '../src/store/open.js';
import { COUNTER_CODE } from './support/aos-items.js';
import { freePort, startCli } from './support/cli-process.js';
import { testSigner } from './support/log-items.js';
import { createTestNode } from './support/test-node.js';

const dataDir = mkdtempSync(join(tmpdir(), 'aolite-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const ao = (type: string): Tag[] => [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: type },
];

describe('evaluation after a crash', () => {
  it('leaves no gap in the results when killed mid-evaluation, and resumes where it stopped', async () => {
    const alice = testSigner('crash-alice');
    const port = await freePort();
    const cli = startCli(['serve', '--data', dataDir, '--port', String(port)]);
    await cli.waitFor('health');
    const moduleId = /module\s+(\S+)/.exec(cli.output())?.[1];
    const address = /aolite node (\S+)/.exec(cli.output())?.[1];
    const spawn = signDataItem(
      {
        tags: [
          ...ao('Process'),
          { name: 'Module', value: moduleId! },
          { name: 'Scheduler', value: address! },
        ],
        data: '',
      },
      alice,
    );
    const pid = spawn.id;
    const message = (tags: Tag[], data: string) =>
      signDataItem({ target: pid, tags: [...tags, ...ao('Message')], data }, alice);
    const items = [spawn, message([{ name: 'Action', value: 'Eval' }], COUNTER_CODE)];
    const incs = 1200;
    for (let i = 0; i < incs; i++) {
      items.push(
        message(
          [
            { name: 'Action', value: 'Inc' },
            { name: 'N', value: String(i) },
          ],
          ' ',
        ),
      );
    }
    const post = async (raw: Uint8Array) => {
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(raw),
      });
      expect(response.status).toBe(202);
    };
    for (let i = 0; i < items.length; i += 50)
      await Promise.all(items.slice(i, i + 50).map((item) => post(item.raw)));
    cli.child.kill('SIGKILL');
    await cli.exited;

    const store = openStore({ path: join(dataDir, 'aolite.sqlite') });
    const slots = (
      store.orm.$client.prepare('SELECT slot FROM results WHERE process_id = ? ORDER BY slot').all(pid) as {
        slot: number;
      }[]
    ).map((r) => r.slot);
    const assigned = store.latestAssignment(pid)?.slot;
    store.close();
    expect(assigned).toBe(incs + 1);
    expect(slots).toEqual(slots.map((_, i) => i));

    const node = await createTestNode({ dataDir });
    try {
      expect(await node.compute.catchUp(pid)).toBe(incs + 1);
      expect((await node.compute.state(pid, 'Count')).value).toBe(incs);
      const count = node.store.orm.$client
        .prepare('SELECT count(*) AS n, max(slot) AS top FROM results WHERE process_id = ?')
        .get(pid) as { n: number; top: number };
      expect(count).toEqual({ n: incs + 2, top: incs + 1 });
    } finally {
      await node.close();
    }
  });
});
