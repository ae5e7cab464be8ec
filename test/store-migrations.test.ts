import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DrizzleSQLiteSnapshotJSON,
  generateSQLiteDrizzleJson,
  generateSQLiteMigration,
} from 'drizzle-kit/api';
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open.js';
import { migrationsFolder, packageRoot } from '../src/store/package-root.js';
import * as schema from '../src/store/schema.js';

interface Journal {
  entries: { idx: number; tag: string }[];
}

const folder = migrationsFolder();
const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as Journal;

function lastSnapshot(): DrizzleSQLiteSnapshotJSON {
  const last = journal.entries.at(-1)!;
  const file = join(folder, 'meta', `${String(last.idx).padStart(4, '0')}_snapshot.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as DrizzleSQLiteSnapshotJSON;
}

/** The SQL drizzle-kit would generate for the difference between the migrations and `imports`. */
async function pendingSql(imports: Record<string, unknown>): Promise<string[]> {
  const current = await generateSQLiteDrizzleJson(imports);
  return generateSQLiteMigration(lastSnapshot(), current);
}

describe('store migrations', () => {
  it('match the drizzle schema: generating now would produce no SQL', async () => {
    expect(await pendingSql({ ...schema })).toEqual([]);
  });

  it('the drift check catches a schema change that has no migration', async () => {
    const extra = sqliteTable('not_migrated', { id: text('id').primaryKey() });
    const sql = await pendingSql({ ...schema, extra });
    expect(sql.join('\n')).toContain('CREATE TABLE `not_migrated`');
  });

  it('list every migration file in the journal, each table before its append-only triggers', () => {
    expect(journal.entries.map((e) => e.tag)).toEqual([
      '0000_log_tables',
      '0001_append_only_triggers',
      '0002_results',
      '0003_results_append_only',
      '0004_checkpoint_tables',
      '0005_checkpoint_triggers',
      '0006_deliveries',
      '0007_deliveries_write_once',
      '0008_checkpoint_chunks',
      '0009_checkpoint_chunks_write_once',
      '0010_drop_results_message_idx',
      '0011_blocks_last_item_seq',
      '0012_blocks_last_item_seq_backfill',
    ]);
  });

  it('create the schema tables and an UPDATE and a DELETE trigger for each log table', () => {
    const store = openStore({ path: ':memory:' });
    const rows = store.orm.$client
      .prepare(
        "SELECT type, name, tbl_name AS tbl FROM sqlite_master WHERE type IN ('table', 'trigger') ORDER BY name",
      )
      .all() as { type: string; name: string; tbl: string }[];
    store.close();
    const tables = rows.filter((r) => r.type === 'table').map((r) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'assignments',
        'blocks',
        'data_items',
        'modules',
        'processes',
        'results',
        'chunk_packs',
        'chunks',
        'checkpoints',
        'deliveries',
        'delivery_cursors',
        'tags',
      ]),
    );
    const triggers = rows.filter((r) => r.type === 'trigger').map((r) => r.name);
    expect(triggers.sort()).toEqual(
      [
        ...[...schema.appendOnlyTables, ...schema.writeOnceTables].flatMap((t) => [
          `${t}_no_delete`,
          `${t}_no_update`,
        ]),
        'blocks_last_item_seq_required',
      ].sort(),
    );
  });

  it('are found at the package root whether the store runs from src/ or from dist/', () => {
    const root = packageRoot();
    expect(folder).toBe(join(root, 'migrations'));
    expect(packageRoot(join(root, 'src/store/package-root.ts'))).toBe(root);
    expect(packageRoot(join(root, 'dist/store/package-root.js'))).toBe(root);
    expect(() => packageRoot('/nowhere/at/all.js')).toThrow(
      /no package root \(package.json \+ migrations\/\) above/,
    );
  });
});
