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
  it('gives legacy blocks what the scheduler records now: unassigned items and idle blocks included', async () => {
    node = await createTestNode();
    const n = node;
    const spawn = processItem(alice, { module: n.moduleId, scheduler: n.address });
    expect((await n.post(spawn.raw)).status).toBe(202);
    const seal = () => {
      n.advance(3000);
      n.scheduler.sealBlock();
    };
    const post = async (i: number) =>
      expect((await n.post(messageItem(alice, spawn.id, i).raw)).status).toBe(202);
    const unassigned = (i: number) => {
      n.advance(10);
      n.store.insertItem(messageItem(alice, spawn.id, `loose-${i}`), n.scheduler.now().timestamp);
    };
    seal(); // 1: the spawn
    await post(1);
    unassigned(1); // logged after block 2's last assignment
    seal(); // 2
    unassigned(2);
    seal(); // 3: only an unassigned item
    seal(); // 4: empty
    seal(); // 5: empty
    await post(2);
    await post(3);
    unassigned(3);
    seal(); // 6
    unassigned(4); // in the open block 7
    const db = n.store.orm.$client;
    const blocks = () =>
      db.prepare('SELECT height, last_item_seq AS seq FROM blocks ORDER BY height').all() as {
        height: number;
        seq: number | null;
      }[];
    const recorded = blocks();
    expect(recorded.map((b) => b.height)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(recorded[4]!.seq).toBe(recorded[3]!.seq); // an empty block holds no item

    // A log from before 0011: the column empty (its triggers lifted only to make it so).
    db.exec('DROP TRIGGER blocks_no_update');
    db.exec('DROP TRIGGER blocks_last_item_seq_required');
    db.exec('UPDATE blocks SET last_item_seq = NULL');
    db.exec(
      `CREATE TRIGGER blocks_no_update BEFORE UPDATE ON blocks BEGIN SELECT RAISE(ABORT, 'append-only: blocks'); END`,
    );
    for (const sql of statements('0012_blocks_last_item_seq_backfill.sql')) db.exec(sql);
    // The same, but for genesis: the node logged its module in the millisecond genesis was sealed, and
    // by time alone that item cannot be told to be before the seal, so it goes to block 1.
    expect(recorded[0]).toEqual({ height: 0, seq: 1 });
    expect(blocks()).toEqual([{ height: 0, seq: 0 }, ...recorded.slice(1)]);
    // Blocks are append-only again, and a block without last_item_seq is refused.
    expect(() => db.exec('UPDATE blocks SET last_item_seq = 1')).toThrow('append-only: blocks');
    expect(() =>
      db.exec(
        `INSERT INTO blocks (height, id, previous, timestamp, assignments_root, assignment_count) VALUES (99, 'x', NULL, 1, 'r', 0)`,
      ),
    ).toThrow('blocks: last_item_seq is required');
  });
});
