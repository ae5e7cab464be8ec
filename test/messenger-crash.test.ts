import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { aoTags, numberedMessages } from '../bench/lib/fixtures.js';
import { decodeStoredResult } from '../src/compute/result-hash.js';
import type { Signer } from '../src/core/types.js';
import { signDataItem } from '../src/crypto/index.js';
import { DATABASE_FILE } from '../src/node.js';
import { HOLDER_CODE, PING_PONG_CODE, TOKEN_CODE } from './support/chain-processes.js';
import { type CliProcess, freePort, startCli } from './support/cli-process.js';
import { testSigner } from './support/log-items.js';
import { tempDir } from './support/store-fixtures.js';

const temp = tempDir('aolite-messenger-crash-');
afterAll(() => temp.cleanup());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** mulberry32: the kill delays are random but the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const owner = testSigner('messenger-crash-owner');
const ROUNDS = 1500;
const PAYMENTS = 40;

describe('messenger crash safety', () => {
  it('delivers every outbox entry exactly once across SIGKILLs at seeded random points', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const serveArgs = ['serve', '--data', temp.dir, '--port', String(port)];
    let node: CliProcess = startCli(serveArgs);
    await node.waitFor('health');
    const address = /aolite node (\S+)/.exec(node.output())?.[1] ?? '';
    const moduleId = /module\s+(\S+)/.exec(node.output())?.[1] ?? '';

    const post = async (raw: Uint8Array) => {
      const response = await fetch(`${base}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(raw),
      });
      if (response.status !== 202)
        throw new Error(`post failed: ${response.status} ${await response.text()}`);
    };
    const spawn = async (name: string, code: string, signer: Signer = owner) => {
      const item = signDataItem(
        {
          tags: [
            ...aoTags('Process'),
            { name: 'Module', value: moduleId },
            { name: 'Scheduler', value: address },
            { name: 'Authority', value: address },
            { name: 'Name', value: name },
          ],
          data: '',
        },
        signer,
      );
      await post(item.raw);
      await post(message(item.id, { Action: 'Eval' }, code).raw);
      return item.id;
    };
    const message = numberedMessages(owner);

    const ping = await spawn('ping', PING_PONG_CODE);
    const pong = await spawn('pong', PING_PONG_CODE);
    const token = await spawn('token', TOKEN_CODE);
    const alice = await spawn('alice', HOLDER_CODE);
    const bob = await spawn('bob', HOLDER_CODE);
    await post(message(token, { Action: 'Mint', Recipient: alice, Quantity: '100000' }).raw);
    await post(message(ping, { Action: 'Start', Peer: pong, Rounds: String(ROUNDS) }).raw);
    for (let i = 0; i < PAYMENTS; i++) {
      await post(
        message(alice, { Action: 'Pay', Token: token, Recipient: bob, Quantity: String(i + 1) }).raw,
      );
    }

    // Kill three times while chains run: once the log holds a seeded random number of deliveries past
    // 300, 700 and 1100, so each kill lands mid-chain, wherever in a delivery the process happens to be.
    const random = seeded(20261121);
    const kills: number[] = [];
    const deliveredAtKill: number[] = [];
    const reader = new BetterSqlite3(join(temp.dir, DATABASE_FILE), { readonly: true });
    const delivered = () => (reader.prepare('SELECT count(*) AS n FROM deliveries').get() as { n: number }).n;
    for (const floor of [300, 700, 1100]) {
      const threshold = floor + Math.floor(random() * 100);
      kills.push(threshold);
      for (let waited = 0; waited < 60_000 && delivered() < threshold; waited += 2) await sleep(2);
      node.child.kill('SIGKILL');
      expect(await node.exited).toBeNull();
      deliveredAtKill.push(delivered());
      node = startCli(serveArgs);
      await node.waitFor('health');
    }
    reader.close();

    const read = async (pid: string, path: string): Promise<unknown> => {
      const response = await fetch(`${base}/state/${pid}?path=${path}`);
      return response.status === 200 ? response.json() : undefined;
    };
    const expectedBob = (PAYMENTS * (PAYMENTS + 1)) / 2;
    let done = false;
    for (let waited = 0; waited < 120_000 && !done; waited += 100) {
      const hits = Number(await read(ping, 'Hits')) + Number(await read(pong, 'Hits'));
      const credits = Number(await read(bob, 'Credits'));
      const debits = Number(await read(alice, 'Debits'));
      done = hits === ROUNDS + 1 && credits === PAYMENTS && debits === PAYMENTS;
      if (!done) await sleep(100);
    }
    expect(done).toBe(true);
    expect(await read(token, 'Balances')).toEqual({ [alice]: 100000 - expectedBob, [bob]: expectedBob });
    expect(await read(bob, 'Received')).toBe(expectedBob);
    node.child.kill('SIGTERM');
    expect(await node.exited).toBe(0);

    let expected = new Map<string, number>();
    const db = new BetterSqlite3(join(temp.dir, DATABASE_FILE), { readonly: true });
    try {
      // Every outbox entry of every stored result has exactly one delivery row.
      const results = db
        .prepare('SELECT process_id AS pid, slot, result FROM results WHERE error IS NULL')
        .all() as {
        pid: string;
        slot: number;
        result: string;
      }[];
      expected = new Map<string, number>();
      for (const row of results) {
        const result = decodeStoredResult(row.result);
        const entries =
          result.Messages.length +
          2 * result.Spawns.length +
          result.Assignments.reduce((sum, a) => sum + a.Processes.length, 0);
        if (entries > 0) expected.set(`${row.pid}:${row.slot}`, entries);
      }
      const recorded = new Map<string, number>();
      for (const row of db
        .prepare(
          'SELECT source_process AS pid, slot, count(*) AS n FROM deliveries GROUP BY source_process, slot',
        )
        .all() as { pid: string; slot: number; n: number }[]) {
        recorded.set(`${row.pid}:${row.slot}`, row.n);
      }
      expect(recorded).toEqual(expected);
      expect([...expected.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(ROUNDS + 2 * PAYMENTS);
      // Every pushed message is assigned exactly once, to its target; nothing the node signed is assigned
      // without a delivery row.
      expect(
        db
          .prepare(
            `SELECT count(*) AS n FROM deliveries d WHERE d.status = 'assigned' AND d.kind IN ('message', 'spawned')
             AND (SELECT count(*) FROM assignments a WHERE a.message_id = d.message_id) != 1`,
          )
          .get(),
      ).toEqual({ n: 0 });
      expect(
        db
          .prepare(
            `SELECT count(*) AS n FROM assignments a JOIN data_items i ON i.id = a.message_id
             WHERE i.owner_address = ? AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = a.message_id)`,
          )
          .get(address),
      ).toEqual({ n: 0 });
      expect(db.prepare(`SELECT count(*) AS n FROM deliveries WHERE status = 'refused'`).get()).toEqual({
        n: 0,
      });
      // The cursor of each process reached its last result.
      for (const pid of [ping, pong, token, alice, bob]) {
        const last = db.prepare('SELECT max(slot) AS s FROM results WHERE process_id = ?').get(pid) as {
          s: number;
        };
        expect(db.prepare('SELECT slot AS s FROM delivery_cursors WHERE process_id = ?').get(pid)).toEqual(
          last,
        );
      }
    } finally {
      db.close();
    }
    expect(kills).toHaveLength(3);
    // The kills landed while chains were running: deliveries went on after each of them.
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    expect(deliveredAtKill.map((count, i) => count >= kills[i]! && count < total)).toEqual([
      true,
      true,
      true,
    ]);
  }, 240_000);
});
