import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../src/store/package-root.js';
import { messageItem, processItem, testSigner } from './support/log-items.js';
import { createTestNode, type TestNode } from './support/test-node.js';

const alice = testSigner('backfill');
let node: TestNode | undefined;
afterEach(async () => {
  await node?.close();
  node = undefined;
});

/** The statements of a migration file, as drizzle splits them. */
function statements(file: string): string[] {
  return readFileSync(join(migrationsFolder(), file), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

describe('migration 0012 (blocks.last_item_seq for blocks sealed before 0011)', () => {
  it('gives each legacy block the seq of the last Assignment item at or below it, and 0 before any', async () => {
    node = await createTestNode();
    const spawn = processItem(alice, { module: node.moduleId, scheduler: node.address });
    expect((await node.post(spawn.raw)).status).toBe(202);
    for (const [i, gap] of [3000, 0, 3000, 3000, 0].entries()) {
      node.advance(gap);
      node.scheduler.sealBlock(); // a no-op unless a block is due
      expect((await node.post(messageItem(alice, spawn.id, i).raw)).status).toBe(202);
      if (i === 2) {
        node.advance(3000);
        node.scheduler.sealBlock(); // and another, empty block right after
      }
    }
    node.advance(3000);
    node.scheduler.sealBlock();
    const db = node.store.orm.$client;
    const blocks = () =>
      db.prepare('SELECT height, last_item_seq AS seq FROM blocks ORDER BY height').all() as {
        height: number;
        seq: number | null;
      }[];
    const lastAssignmentItemAtOrBelow = (height: number): number =>
      (
        db
          .prepare(
            `SELECT coalesce(max(d.seq), 0) AS seq FROM assignments a JOIN data_items d ON d.id = a.assignment_id
             WHERE a.block_height <= ?`,
          )
          .get(height) as { seq: number }
      ).seq;
    const sealed = blocks();
    expect(sealed.map((b) => b.height)).toEqual([0, 1, 2, 3, 4, 5]);
    // As the scheduler sealed them, every block after genesis ends with its last Assignment item.
    for (const b of sealed.slice(1)) expect(b.seq).toBe(lastAssignmentItemAtOrBelow(b.height));

    // A log from before 0011: the column empty (the trigger lifted only to make it so).
    db.exec('DROP TRIGGER blocks_no_update');
    db.exec('UPDATE blocks SET last_item_seq = NULL');
    db.exec(
      `CREATE TRIGGER blocks_no_update BEFORE UPDATE ON blocks BEGIN SELECT RAISE(ABORT, 'append-only: blocks'); END`,
    );
    for (const sql of statements('0012_blocks_last_item_seq_backfill.sql')) db.exec(sql);
    expect(blocks()).toEqual(sealed.map((b) => ({ height: b.height, seq: b.height === 0 ? 0 : b.seq })));
    // The trigger is back: blocks are append-only again.
    expect(() => db.exec('UPDATE blocks SET last_item_seq = 1')).toThrow('append-only: blocks');
  });
});
