import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../src/node.js';
import { runAolite } from './support/cli-main.js';
import { createEvaluatedLog } from './support/evaluated-log.js';
import { tempDir } from './support/store-fixtures.js';

const temp = tempDir('aolite-verify-');
let processId = '';
beforeAll(async () => {
  const log = await createEvaluatedLog({ path: join(temp.dir, DATABASE_FILE), messages: 120 });
  processId = log.processId;
  log.store.close();
});
afterAll(() => temp.cleanup());

/** Runs `aolite ARGS` in this process; returns the exit code and what it printed. */
async function aolite(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, lines, err } = await runAolite(...args);
  return { code, out: lines.join('\n'), err };
}

describe('aolite verify', () => {
  it('prints OK with the slots, results, checkpoints and memory hash, and exits 0', async () => {
    const { code, out } = await aolite('verify', processId, '--data', temp.dir);
    expect(code).toBe(0);
    expect(out).toContain(
      `OK ${processId}: slots 0..121 replayed from genesis, 122 results and 2 checkpoints match`,
    );
    expect(out).toMatch(/memory hash [0-9a-f]{64}/);
    const fromCheckpoint = await aolite(
      'verify',
      processId,
      '--from',
      'checkpoint',
      '--to=80',
      '--data',
      temp.dir,
    );
    expect(fromCheckpoint.code).toBe(0);
    expect(fromCheckpoint.out).toContain(
      `OK ${processId}: slots 50..80 replayed from the checkpoint at slot 49, 31 results and 0 checkpoints match`,
    );
    const atCheckpoint = await aolite(
      'verify',
      processId,
      '--from=checkpoint',
      '--to=49',
      '--data',
      temp.dir,
    );
    expect(atCheckpoint.code).toBe(0);
    expect(atCheckpoint.out.split('\n')[0]).toBe(
      `OK ${processId}: nothing to replay up to slot 49: the checkpoint at slot 49 holds it, and its pages verify`,
    );
  });

  it('exits 2 naming the problem for bad arguments, an unknown process or a missing database', async () => {
    expect(await aolite('verify')).toMatchObject({
      code: 2,
      err: expect.stringContaining('name exactly one process id'),
    });
    expect(await aolite('verify', processId, '--from', 'yesterday', '--data', temp.dir)).toMatchObject({
      code: 2,
      err: expect.stringContaining('option --from needs genesis or checkpoint, got "yesterday"'),
    });
    expect(await aolite('verify', processId, '--to', '-3', '--data', temp.dir)).toMatchObject({
      code: 2,
      err: expect.stringContaining('option --to needs a slot'),
    });
    expect(await aolite('verify', 'y'.repeat(43), '--data', temp.dir)).toMatchObject({
      code: 2,
      err: expect.stringContaining(`process ${'y'.repeat(43)} is not a process here`),
    });
    expect(await aolite('verify', processId, '--to', '500', '--data', temp.dir)).toMatchObject({
      code: 2,
      err: expect.stringContaining(`process ${processId} has no slot 500 (its latest is 121)`),
    });
    // an unknown option is named as such, with or without a value after it
    for (const args of [['--bogus'], ['--bogus', '3'], ['--bogus=3']]) {
      expect(await aolite('verify', processId, ...args, '--data', temp.dir)).toMatchObject({
        code: 2,
        err: expect.stringContaining('unknown option "--bogus" (known: --to, --from, --data)'),
      });
    }
    const missing = join(temp.dir, 'nowhere');
    expect(await aolite('verify', processId, '--data', missing)).toMatchObject({
      code: 2,
      err: expect.stringContaining(`no aolite database at ${join(missing, DATABASE_FILE)}`),
    });
    // A file that is no database is an error (2), not a divergence (1).
    const junk = join(temp.dir, 'junk');
    mkdirSync(junk);
    writeFileSync(
      join(junk, DATABASE_FILE),
      'not a database at all, just text that is long enough'.repeat(40),
    );
    expect(await aolite('verify', processId, '--data', junk)).toMatchObject({
      code: 2,
      err: expect.stringContaining(`cannot open ${join(junk, DATABASE_FILE)}: file is not a database`),
    });
  });

  it('prints the first divergent slot with both hashes and exits 1 when a stored result was altered', async () => {
    const db = new BetterSqlite3(join(temp.dir, DATABASE_FILE));
    const { hash } = db
      .prepare('SELECT hash FROM results WHERE process_id = ? AND slot = 77')
      .get(processId) as {
      hash: string;
    };
    db.exec('DROP TRIGGER results_no_update');
    db.prepare("UPDATE results SET hash = 'altered-by-test' WHERE slot = 77").run();
    db.close();
    const { code, out } = await aolite('verify', processId, '--data', temp.dir);
    expect(code).toBe(1);
    expect(out).toContain(`DIVERGED ${processId} at slot 77 (result), replayed from genesis`);
    expect(out).toContain('  expected altered-by-test');
    expect(out).toContain(`  actual   ${hash}`);
  });
});
