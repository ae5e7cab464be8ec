import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAndVerify } from '../src/crypto/index.js';
import { openStore } from '../src/store/open.js';
import { moduleRecordFromItem, processRecordFromItem } from '../src/store/records.js';
import type { Store } from '../src/store/types.js';
import { errorOf } from './support/error-of.js';
import { createItem, itemId, messageItem, moduleItem, processItem, testSigner } from './support/log-items.js';
import { tempDir } from './support/store-fixtures.js';

const user = testSigner('user');
const node = testSigner('node');
const t0 = 1_700_000_000_000;

const open: Store[] = [];
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const store of open.splice(0)) store.close();
  for (const cleanup of cleanups.splice(0)) cleanup();
});
function memoryStore(): Store {
  const store = openStore({ path: ':memory:' });
  open.push(store);
  return store;
}

/** A store holding one module, one process (slot 0), one message (slot 1) and one block. */
function populated() {
  const store = memoryStore();
  const module = moduleItem(user);
  const process = processItem(user, { module: module.id, scheduler: node.address });
  const message = messageItem(user, process.id, 1);
  const a0 = createItem({ tags: [{ name: 'Type', value: 'Assignment' }], data: '' }, testSigner('a0'));
  const a1 = createItem({ tags: [{ name: 'Type', value: 'Assignment' }], data: '' }, testSigner('a1'));
  const seqs = [module, process, message, a0, a1].map((item) => store.insertItem(item, t0));
  store.insertModule(moduleRecordFromItem(module, seqs[0]!));
  store.insertProcess(processRecordFromItem(process, seqs[1]!, t0));
  const base = { processId: process.id, timestamp: t0, blockHeight: 1, epoch: 0 };
  store.insertAssignment({ ...base, slot: 0, messageId: process.id, assignmentId: a0.id, hashChain: 'h0' });
  store.insertAssignment({ ...base, slot: 1, messageId: message.id, assignmentId: a1.id, hashChain: 'h1' });
  store.insertBlock({
    height: 0,
    id: 'genesis',
    previous: null,
    timestamp: t0,
    assignmentsRoot: 'r',
    assignmentCount: 0,
    lastItemSeq: 0,
  });
  return { store, module, process, message, a0, a1 };
}

describe('store', () => {
  it('keeps an item byte-exact with its tags in original order, duplicate tags included', () => {
    const store = memoryStore();
    const tags = [
      { name: 'Action', value: 'Transfer' },
      { name: 'Content-Type', value: 'application/json' },
      { name: 'Recipient', value: 'x' },
      { name: 'Action', value: 'Transfer' },
      { name: 'Recipient', value: 'y' },
    ];
    const item = createItem(
      { target: itemId('T'), anchor: 'aolite-test-anchor-0000000000001', tags, data: '{"a":1}' },
      user,
    );
    const seq = store.insertItem(item, t0 + 5);

    const got = store.getItem(item.id);
    expect(got?.seq).toBe(seq);
    expect(got?.tags).toEqual(tags);
    expect(Buffer.from(got!.raw).equals(Buffer.from(item.raw))).toBe(true);
    expect(parseAndVerify(got!.raw)).toMatchObject({
      id: item.id,
      tags,
      target: item.target,
      anchor: item.anchor,
    });
    expect(Buffer.from(got!.data).toString()).toBe('{"a":1}');
    expect(Buffer.from(got!.signature).equals(Buffer.from(item.signature))).toBe(true);
    expect(Buffer.from(got!.owner).equals(Buffer.from(user.publicKey))).toBe(true);
    expect(got).toMatchObject({
      ownerAddress: user.address,
      target: itemId('T'),
      anchor: 'aolite-test-anchor-0000000000001',
      signatureType: 2,
      dataSize: 7,
      contentType: 'application/json',
      ingestedAt: t0 + 5,
    });
    expect(store.hasItem(item.id)).toBe(true);
    expect(store.hasItem('nope')).toBe(false);

    const client = store.orm.$client;
    const rows = client
      .prepare('SELECT position, name, value FROM tags WHERE item_seq = ? ORDER BY position')
      .all(seq) as { position: number; name: string; value: string }[];
    expect(rows).toEqual(tags.map((t, position) => ({ position, ...t })));
    const byTag = client
      .prepare(
        'SELECT item_seq AS s, position FROM tags WHERE name = ? AND value IN (?, ?) ORDER BY item_seq, position',
      )
      .all('Recipient', 'x', 'y');
    expect(byTag).toEqual([
      { s: seq, position: 2 },
      { s: seq, position: 4 },
    ]);
  });

  it('refuses an item id already in the log as DUPLICATE and stores nothing more', () => {
    const store = memoryStore();
    const item = messageItem(user, itemId('P'), 1);
    store.insertItem(item, t0);
    const error = errorOf(() => store.insertItem(item, t0 + 1));
    expect(error.code).toBe('DUPLICATE');
    expect(error.message).toMatch(/store\.insertItem: UNIQUE constraint failed: data_items\.id/);
    const count = store.orm.$client.prepare('SELECT count(*) AS n FROM tags').get() as { n: number };
    expect(count.n).toBe(item.tags.length);
  });

  it('refuses an item whose data is not the tail of its raw bytes', () => {
    const store = memoryStore();
    const item = { ...messageItem(user, itemId('P'), 1), data: Buffer.from('something else') };
    expect(errorOf(() => store.insertItem(item, t0)).code).toBe('INVALID_DATA_ITEM');
    expect(store.hasItem(item.id)).toBe(false);
  });

  it('registers processes and modules from their items', () => {
    const { store, module, process } = populated();
    expect(store.getModule(module.id)).toEqual({
      id: module.id,
      itemSeq: 1,
      owner: user.address,
      moduleFormat: 'wasm64-unknown-emscripten-draft_2024_02_15',
      inputEncoding: 'JSON-V1',
      outputEncoding: 'JSON-V1',
      memoryLimit: null,
      computeLimit: null,
    });
    expect(store.getProcess(process.id)).toEqual({
      id: process.id,
      itemSeq: 2,
      owner: user.address,
      module: module.id,
      scheduler: node.address,
      parent: null,
      pushedFor: null,
      spawnedAt: t0,
    });
    expect(errorOf(() => processRecordFromItem(module, 1, t0)).message).toMatch(
      /has Type Module, expected Process/,
    );
    const noScheduler = createItem(
      {
        tags: [
          { name: 'Type', value: 'Process' },
          { name: 'Module', value: module.id },
        ],
        data: '',
      },
      user,
    );
    const missing = errorOf(() => processRecordFromItem(noScheduler, 9, t0));
    expect(missing.code).toBe('MISSING_TAG');
    expect(missing.message).toBe(`Process item ${noScheduler.id} has no Scheduler tag`);
  });

  it('enforces unique (process, slot) as CONFLICT and unique (process, message) as DUPLICATE', () => {
    const { store, process, message } = populated();
    const extra = createItem({ tags: [{ name: 'Type', value: 'Assignment' }], data: 'x' }, node);
    store.insertItem(extra, t0);
    const base = { processId: process.id, timestamp: t0, blockHeight: 1, epoch: 0, assignmentId: extra.id };
    const other = messageItem(user, process.id, 2);
    store.insertItem(other, t0);

    const slotTaken = errorOf(() =>
      store.insertAssignment({ ...base, slot: 1, messageId: other.id, hashChain: 'x' }),
    );
    expect(slotTaken.code).toBe('CONFLICT');
    const messageTaken = errorOf(() =>
      store.insertAssignment({ ...base, slot: 2, messageId: message.id, hashChain: 'x' }),
    );
    expect(messageTaken.code).toBe('DUPLICATE');
    expect(store.assignmentsBySlot(process.id).map((a) => a.slot)).toEqual([0, 1]);
  });

  it('refuses an assignment whose message is not in the log as NOT_FOUND', () => {
    const { store, process } = populated();
    const a2 = createItem({ tags: [{ name: 'Type', value: 'Assignment' }], data: '' }, testSigner('a2'));
    store.insertItem(a2, t0);
    const error = errorOf(() =>
      store.insertAssignment({
        processId: process.id,
        slot: 2,
        messageId: itemId('M'),
        assignmentId: a2.id,
        timestamp: t0,
        blockHeight: 1,
        epoch: 0,
        hashChain: 'x',
      }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(store.latestAssignment(process.id)?.slot).toBe(1);
  });

  it('reads assignments by slot range, latest, by message and by block', () => {
    const { store, process, message, a1 } = populated();
    expect(store.latestAssignment(process.id)).toMatchObject({
      slot: 1,
      messageId: message.id,
      assignmentId: a1.id,
    });
    expect(store.latestAssignment('unknown')).toBeUndefined();
    expect(store.assignmentsBySlot(process.id, { fromSlot: 1 }).map((a) => a.slot)).toEqual([1]);
    expect(store.assignmentsBySlot(process.id, { toSlot: 0 }).map((a) => a.slot)).toEqual([0]);
    expect(store.assignmentsBySlot(process.id, { limit: 1 }).map((a) => a.slot)).toEqual([0]);
    expect(store.assignmentOf(process.id, message.id)?.slot).toBe(1);
    expect(store.assignmentsOfMessage(message.id).map((a) => a.processId)).toEqual([process.id]);
    expect(store.assignmentsInBlock(1).map((a) => a.slot)).toEqual([0, 1]);
    expect(store.latestBlock()).toEqual({
      height: 0,
      id: 'genesis',
      previous: null,
      timestamp: t0,
      assignmentsRoot: 'r',
      assignmentCount: 0,
      lastItemSeq: 0,
    });
    expect(store.getBlock(5)).toBeUndefined();
  });

  it('aborts UPDATE and DELETE on every log table with APPEND_ONLY and leaves every row unchanged', () => {
    const { store } = populated();
    const client = store.orm.$client;
    const tables = ['data_items', 'tags', 'modules', 'processes', 'assignments', 'blocks'];
    const snapshot = () =>
      Object.fromEntries(tables.map((t) => [t, client.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
    const before = snapshot();
    for (const table of tables) expect((before[table] as unknown[]).length).toBeGreaterThan(0);

    const firstColumn: Record<string, string> = {
      data_items: 'owner_address',
      tags: 'value',
      modules: 'owner',
      processes: 'owner',
      assignments: 'hash_chain',
      blocks: 'id',
    };
    for (const table of tables) {
      const update = errorOf(() =>
        store.run(`test.update.${table}`, () =>
          client.prepare(`UPDATE ${table} SET ${firstColumn[table]} = 'x'`).run(),
        ),
      );
      expect(update.code).toBe('APPEND_ONLY');
      expect(update.message).toBe(`test.update.${table}: append-only: ${table}`);
      const del = errorOf(() =>
        store.run(`test.delete.${table}`, () => client.prepare(`DELETE FROM ${table}`).run()),
      );
      expect(del.code).toBe('APPEND_ONLY');
      expect(del.message).toBe(`test.delete.${table}: append-only: ${table}`);
    }
    expect(snapshot()).toEqual(before);
  });

  it('rolls back every write of a failed transaction', () => {
    const store = memoryStore();
    const a = messageItem(user, itemId('P'), 1);
    const b = messageItem(user, itemId('P'), 2);
    const error = errorOf(() =>
      store.transaction(() => {
        store.insertItem(a, t0);
        store.insertItem(b, t0);
        store.insertItem(a, t0);
      }),
    );
    expect(error.code).toBe('DUPLICATE');
    expect(store.hasItem(a.id)).toBe(false);
    expect(store.hasItem(b.id)).toBe(false);
    expect(store.transaction(() => store.insertItem(a, t0))).toBe(1);
  });

  it('opens a file database in WAL mode with synchronous NORMAL and foreign keys on, reopening it intact', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'log.sqlite');
    const first = openStore({ path });
    const item = messageItem(user, itemId('P'), 1);
    first.insertItem(item, t0);
    const client = first.orm.$client;
    expect(client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(client.pragma('synchronous', { simple: true })).toBe(1);
    expect(client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(client.pragma('busy_timeout', { simple: true })).toBe(5000);
    first.close();

    const second = openStore({ path });
    open.push(second);
    expect(second.path).toBe(path);
    expect(second.getItem(item.id)?.tags).toEqual(item.tags);
  });

  it('refuses a SQLite database of something else and leaves it unchanged', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'notes.sqlite');
    const other = new BetterSqlite3(path);
    other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
    other.close();
    const error = errorOf(() => openStore({ path }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      `${path} is a SQLite database but not an aolite log (its tables: notes); aolite left it unchanged. Point aolite at an empty folder or an aolite data folder`,
    );
    const after = new BetterSqlite3(path, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual([
      'notes',
    ]);
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    after.close();
    // An empty database file (as `sqlite3 file .quit` leaves) becomes a log.
    const empty = join(dir, 'empty.sqlite');
    new BetterSqlite3(empty).close();
    const store = openStore({ path: empty });
    open.push(store);
    expect(store.latestBlock()).toBeUndefined();
  });
});
