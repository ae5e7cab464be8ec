import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyProcess } from '../src/compute/verify.js';
import type { Tag } from '../src/core/types.js';
import { signDataItem } from '../src/crypto/index.js';
import { DATABASE_FILE } from '../src/node.js';
import { loadAosLibrary } from '../src/runtime/library.js';
import { openStore } from '../src/store/open.js';
import { freePort, startCli } from './support/cli-process.js';
import { testSigner } from './support/log-items.js';
import { tempDir } from './support/store-fixtures.js';

const temp = tempDir('aolite-crash-');
afterAll(() => temp.cleanup());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const owner = testSigner('crash-owner');
const ao = (type: string): Tag[] => [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: type },
];

/** Each Work message spins the Lua VM a while and grows a table, so evaluation is slower than posting. */
const WORK_HANDLER = `
Work = Work or {}
Handlers.add('Work', 'Work', function(msg)
  local acc = 0
  for i = 1, 60000 do acc = (acc + i * 7) % 1000003 end
  Work[#Work + 1] = tostring(acc) .. ':' .. msg.Id
  msg.reply({ Data = tostring(#Work) })
end)
`;
const WORK_MESSAGES = 300;

async function post(base: string, raw: Uint8Array): Promise<void> {
  const response = await fetch(`${base}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Uint8Array(raw),
  });
  if (response.status !== 202) throw new Error(`post failed: ${response.status} ${await response.text()}`);
}

describe('crash safety', () => {
  it('resumes after SIGKILL mid-evaluation from the last checkpoint, with every result equal to a fresh replay', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const serveArgs = ['serve', '--data', temp.dir, '--port', String(port), '--checkpoint-every-slots', '25'];
    const first = startCli(serveArgs);
    await first.waitFor('health');
    const address = /aolite node (\S+)/.exec(first.output())?.[1] ?? '';
    const moduleId = /module\s+(\S+)/.exec(first.output())?.[1] ?? '';

    const spawn = signDataItem(
      {
        tags: [
          ...ao('Process'),
          { name: 'Module', value: moduleId },
          { name: 'Scheduler', value: address },
          { name: 'Name', value: 'crash-test' },
        ],
        data: '',
      },
      owner,
    );
    await post(base, spawn.raw);
    const pid = spawn.id;
    const message = (tags: Tag[], data: string) =>
      signDataItem({ target: pid, tags: [...ao('Message'), ...tags], data }, owner);
    await post(base, message([{ name: 'Action', value: 'Eval' }], WORK_HANDLER).raw);
    // Post from several clients at once while the node evaluates; kill it (SIGKILL) once some results
    // and interval checkpoints are stored and assignments are ahead of results (evaluation in progress).
    const reader = new BetterSqlite3(join(temp.dir, DATABASE_FILE), { readonly: true });
    const count = (sql: string) => (reader.prepare(sql).get(pid) as { n: number }).n;
    const stored = () => count('SELECT count(*) AS n FROM results WHERE process_id = ?');
    const assigned = () => count('SELECT count(*) AS n FROM assignments WHERE process_id = ?');
    let next = 0;
    let killed = false;
    const client = async () => {
      while (!killed && next < WORK_MESSAGES) {
        const i = next++;
        const item = message(
          [
            { name: 'Action', value: 'Work' },
            { name: 'N', value: String(i) },
          ],
          `work ${i}`,
        );
        await post(base, item.raw).catch(() => undefined);
      }
    };
    const clients = Array.from({ length: 8 }, client);
    let atKill = 0;
    let assignedAtKill = 0;
    for (let waited = 0; waited < 60_000; waited += 5) {
      atKill = stored();
      assignedAtKill = assigned();
      if (atKill >= 40 && assignedAtKill > atKill + 5) break;
      await sleep(5);
    }
    first.child.kill('SIGKILL');
    killed = true;
    expect(await first.exited).toBeNull();
    await Promise.all(clients);
    const checkpointsAtKill = count('SELECT count(*) AS n FROM checkpoints WHERE process_id = ?');
    const resultsAfterKill = stored();
    const lastSlot = assigned() - 1;
    reader.close();
    expect(resultsAfterKill).toBeGreaterThanOrEqual(40);
    expect(lastSlot + 1).toBeGreaterThan(resultsAfterKill);
    expect(checkpointsAtKill).toBeGreaterThanOrEqual(1);
    expect(first.output()).not.toContain('stopped cleanly');

    // Restart on the same folder: reading the last result evaluates everything left.
    const second = startCli(serveArgs);
    await second.waitFor('health');
    expect(second.output()).toContain(
      `aolite: took over the data folder from node pid ${first.child.pid}, which no longer runs`,
    );
    const lastId = (() => {
      const db = new BetterSqlite3(join(temp.dir, DATABASE_FILE), { readonly: true });
      try {
        return (
          db
            .prepare('SELECT message_id AS id FROM assignments WHERE process_id = ? AND slot = ?')
            .get(pid, lastSlot) as {
            id: string;
          }
        ).id;
      } finally {
        db.close();
      }
    })();
    const response = await fetch(`${base}/result/${lastId}?process-id=${pid}`);
    expect(response.status).toBe(200);
    const last = (await response.json()) as { Messages: { Data: string }[] };
    expect(last.Messages[0]?.Data).toBe(String(lastSlot - 1));
    // The verify command reads the same folder while the node still runs (WAL: readers never block it).
    const verifyCli = startCli(['verify', pid, '--data', temp.dir]);
    expect(await verifyCli.exited).toBe(0);
    expect(verifyCli.output()).toContain(`OK ${pid}: slots 0..${lastSlot} replayed from genesis`);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const store = openStore({ path: join(temp.dir, DATABASE_FILE) });
    try {
      const db = store.orm.$client;
      expect(
        db
          .prepare(
            'SELECT count(*) AS n, count(DISTINCT slot) AS d, min(slot) AS lo, max(slot) AS hi FROM results WHERE process_id = ?',
          )
          .get(pid),
      ).toEqual({ n: lastSlot + 1, d: lastSlot + 1, lo: 0, hi: lastSlot });
      const library = loadAosLibrary();
      const genesis = await verifyProcess({ store, library, processId: pid, from: 'genesis' });
      expect(genesis).toMatchObject({ ok: true, fromSlot: 0, toSlot: lastSlot, slots: lastSlot + 1 });
      if (!genesis.ok) throw new Error('unreachable');
      expect(genesis.checkpoints).toBeGreaterThanOrEqual(checkpointsAtKill + 1);
      const checkpointSlots = db
        .prepare('SELECT slot FROM checkpoints WHERE process_id = ? ORDER BY slot')
        .all(pid) as { slot: number }[];
      // From the first and the last checkpoint (each one restores and replays to the same memory).
      const ends = [checkpointSlots[0]!, checkpointSlots.at(-1)!];
      for (const { slot } of ends) {
        const fromCheckpoint = await verifyProcess({
          store,
          library,
          processId: pid,
          from: 'checkpoint',
          checkpointAtOrBelow: slot,
        });
        expect(fromCheckpoint).toMatchObject({
          ok: true,
          start: { kind: 'checkpoint', slot },
          memoryHash: genesis.memoryHash,
        });
      }
    } finally {
      store.close();
    }
  });
});
