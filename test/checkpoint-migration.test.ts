import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { createCheckpoints } from '../src/compute/checkpoints.js';
import { openStore } from '../src/store/open.js';
import { migrationsFolder } from '../src/store/package-root.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A migrations folder holding the migrations up to (not including) `tag`, journal cut to match. */
function migrationsBefore(tag: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'aolite-migrations-'));
  folders.push(folder);
  const source = migrationsFolder();
  cpSync(source, folder, { recursive: true });
  const journal = JSON.parse(readFileSync(join(source, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  expect(cut).toBeGreaterThan(0);
  writeFileSync(
    join(folder, 'meta/_journal.json'),
    JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }),
  );
  return folder;
}

describe('the checkpoint chunk migration', () => {
  it('drops checkpoints of the 64 KiB page format (derived data: the node replays from genesis instead)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aolite-old-checkpoints-'));
    folders.push(dir);
    const path = join(dir, 'log.sqlite');
    const processId = 'a-process-of-the-old-format';
    // The log as migrations before 0008 left it (raw: the store's statements need the newest schema).
    const db = new BetterSqlite3(path);
    migrate(drizzle(db), { migrationsFolder: migrationsBefore('0008_checkpoint_chunks') });
    db.pragma('foreign_keys = OFF'); // no process item needed: only the checkpoint rows matter here
    db.prepare('INSERT INTO pages (hash, data, raw_length) VALUES (?, ?, ?)').run(
      Buffer.alloc(32, 1),
      Buffer.from('x'),
      1,
    );
    db.prepare(
      `INSERT INTO checkpoints (process_id, slot, hash_chain, memory_hash, memory_length, page_table, result_hash,
        created_at, reason) VALUES (?, 0, 'chain', ?, 65536, ?, NULL, 1, 'interval')`,
    ).run(processId, 'f'.repeat(64), Buffer.alloc(32, 1));
    db.close();

    const store = openStore({ path });
    try {
      const client = store.orm.$client;
      const tables = (
        client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
      ).map((r) => r.name);
      expect(tables).not.toContain('pages');
      expect(tables).toEqual(expect.arrayContaining(['chunk_packs', 'chunks', 'checkpoints']));
      expect(client.prepare('SELECT count(*) AS n FROM checkpoints').get()).toEqual({ n: 0 });
      const checkpoints = createCheckpoints({ store, clock: () => 0 });
      expect(checkpoints.load(processId, 100)).toBeUndefined();
      // The recreated checkpoints table is write-once again, like the new chunk tables.
      const triggers = (
        client.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]
      ).map((r) => r.name);
      expect(triggers).toEqual(
        expect.arrayContaining(
          ['checkpoints', 'chunk_packs', 'chunks'].flatMap((t) => [`${t}_no_update`, `${t}_no_delete`]),
        ),
      );
    } finally {
      store.close();
    }
  });
});
