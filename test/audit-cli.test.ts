import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../src/node.js';
import { COUNTER_CODE, sendMessage, spawnProcess } from './support/aos-items.js';
import { runAolite } from './support/cli-main.js';
import { testSigner } from './support/log-items.js';
import { tempDir } from './support/store-fixtures.js';
import { createTestNode } from './support/test-node.js';

const temp = tempDir('aolite-audit-');
const owner = testSigner('audit-owner');
let processId = '';
beforeAll(async () => {
  const node = await createTestNode({ dataDir: temp.dir });
  processId = await spawnProcess(node, owner);
  await sendMessage(node, owner, processId, 'Eval', COUNTER_CODE);
  for (let i = 0; i < 3; i++) await sendMessage(node, owner, processId, 'Inc');
  await node.compute.catchUp(processId);
  await node.settle();
  await node.close();
});
afterAll(() => temp.cleanup());

async function aolite(...args: string[]): Promise<{ code: number; out: string[]; err: string }> {
  const { code, lines, err } = await runAolite(...args);
  return { code, out: lines, err };
}

describe('aolite audit', () => {
  it('prints OK for a sound schedule with its deliveries, and exits 0', async () => {
    const { code, out } = await aolite('audit', processId, '--data', temp.dir);
    expect(code).toBe(0);
    expect(out).toEqual([
      `OK ${processId}: 5 slots (0..4): hash chain valid, no gaps, timestamps never go back, every Assignment item matches its row and is signed by the scheduler`,
      'delivery: every outbox entry of slots 0..4 was delivered exactly once (3 entries, 0 refused)',
    ]);
  });

  it('exits 2 naming the problem for bad arguments or an unknown process', async () => {
    expect(await aolite('audit')).toMatchObject({
      code: 2,
      err: expect.stringContaining('name exactly one process id'),
    });
    expect(await aolite('audit', processId, '--to', '3', '--data', temp.dir)).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown option "--to" (known: --data)'),
    });
    expect(await aolite('audit', 'z'.repeat(43), '--data', temp.dir)).toMatchObject({
      code: 2,
      err: expect.stringContaining(`${'z'.repeat(43)} is not a process scheduled by this node`),
    });
  });

  it('lists what is wrong and exits 1 when a link of the hash chain was altered', async () => {
    const db = new BetterSqlite3(join(temp.dir, DATABASE_FILE));
    db.exec('DROP TRIGGER assignments_no_update');
    db.prepare("UPDATE assignments SET hash_chain = 'altered' WHERE process_id = ? AND slot = 2").run(
      processId,
    );
    db.close();
    const { code, out } = await aolite('audit', processId, '--data', temp.dir);
    expect(code).toBe(1);
    expect(out).toEqual([
      `PROBLEMS ${processId}: 5 slots (0..4)`,
      '  hash chain broken at slot 2',
      "  the Assignment item of slot 2 disagrees with its row or is not signed by the process's scheduler",
    ]);
  });
});
