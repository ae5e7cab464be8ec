import BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { AoliteError } from '../core/errors.js';
import { contentTypeOf } from '../core/tags.js';
import type { DataItem, SignatureType, Tag } from '../core/types.js';
import { migrationsFolder } from './package-root.js';
import { runQuery } from './query.js';
import * as schema from './schema.js';
import { type ItemRow, prepareStatements } from './statements.js';
import type { SlotRange, Store, StoredItem } from './types.js';

export interface OpenStoreOptions {
  /** SQLite file path, or ':memory:' (tests). */
  path: string;
  /** How long a writer waits for another connection's write lock before UNAVAILABLE. Default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * WAL pages after which a commit checkpoints the WAL into the database file (each checkpoint fsyncs).
   * Default 10,000 pages (~40 MB): ten times SQLite's default, which checkpointed every few dozen
   * scheduling commits and roughly halved single-commit throughput in bench measurements.
   */
  walAutocheckpointPages?: number;
  /** Override of the migrations folder (default: `migrations/` at the package root). */
  migrationsFolder?: string;
}

const maxRangeLimit = 10_000;

/** A zero-copy Buffer view of bytes (better-sqlite3 binds Buffers as blobs). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function checkDataIsTail(item: DataItem): void {
  const { raw, data } = item;
  const tail =
    raw.byteLength >= data.byteLength ? asBuffer(raw).subarray(raw.byteLength - data.byteLength) : null;
  if (tail === null || Buffer.compare(tail, asBuffer(data)) !== 0) {
    throw new AoliteError('INVALID_DATA_ITEM', `item ${item.id}: data is not the tail of the raw item`, {
      id: item.id,
    });
  }
}

function toStoredItem(row: ItemRow): StoredItem {
  return {
    seq: row.seq,
    id: row.id,
    signatureType: row.signatureType as SignatureType,
    signature: row.signature,
    owner: row.owner,
    ownerAddress: row.ownerAddress,
    target: row.target,
    anchor: row.anchor,
    tags: JSON.parse(row.tags) as Tag[],
    data: row.raw.subarray(row.raw.byteLength - row.dataSize),
    raw: row.raw,
    dataSize: row.dataSize,
    contentType: row.contentType,
    ingestedAt: row.ingestedAt,
  };
}

/** The table drizzle records applied migrations in: every aolite log has it from its first open. */
const migrationsTable = '__drizzle_migrations';

/**
 * Refuses a database that holds tables but is no aolite log (no migrations table), before anything is
 * written to it: migrating would add the log's tables to someone else's database and switch it to WAL.
 */
function refuseForeignDatabase(db: BetterSqlite3.Database, path: string): void {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .pluck()
    .all() as string[];
  if (tables.length === 0 || tables.includes(migrationsTable)) return;
  const listed = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', ...' : '');
  throw new AoliteError(
    'BAD_REQUEST',
    `${path} is a SQLite database but not an aolite log (its tables: ${listed}); aolite left it unchanged. Point aolite at an empty folder or an aolite data folder`,
  );
}

/**
 * Opens (creating if needed) the log database and brings its schema up to date with the checked-in
 * migrations.
 *
 * Pragmas: WAL so readers never block the one writer and a commit is one sequential append;
 * synchronous=NORMAL because in WAL mode it cannot corrupt the database and loses no committed transaction
 * on a process crash — only a power loss or OS crash can drop the last commits before the next checkpoint —
 * while FULL would fsync on every commit and cap the writer at a few hundred to a few thousand commits/s;
 * foreign_keys so assignments, processes and tag rows can only reference logged items; busy_timeout so a
 * second connection waits for the write lock instead of failing at once.
 */
export function openStore(options: OpenStoreOptions): Store {
  const { path } = options;
  const db = new BetterSqlite3(path);
  try {
    refuseForeignDatabase(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Statement journals (needed by every FK-checked write) in memory rather than temp files.
    db.pragma('temp_store = MEMORY');
    db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.trunc(options.walAutocheckpointPages ?? 10_000))}`);
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    // Unicode lower case for case-insensitive reads (SQLite's lower() folds ASCII only).
    db.function('aolite_lower', { deterministic: true }, (text: unknown) =>
      typeof text === 'string' ? text.toLowerCase() : text,
    );
    const orm = drizzle(db, { schema });
    runQuery('store.migrate', () =>
      migrate(orm, { migrationsFolder: options.migrationsFolder ?? migrationsFolder() }),
    );
    return createStore(db, orm, path);
  } catch (error) {
    db.close();
    throw error;
  }
}

function createStore(db: BetterSqlite3.Database, orm: Store['orm'], path: string): Store {
  const st = prepareStatements(db);
  // One reusable transaction wrapper; `.immediate` takes the write lock at BEGIN.
  const inTransaction = db.transaction((fn: () => unknown) => fn());

  const transaction = <T>(fn: () => T): T =>
    runQuery('store.transaction', () => inTransaction.immediate(fn) as T);

  // One multi-row INSERT per item (statements cached by tag count) instead of one run per tag.
  const tagStatements = new Map<number, BetterSqlite3.Statement<unknown[]>>();
  const insertTags = (seq: number, tags: readonly Tag[]): void => {
    let statement = tagStatements.get(tags.length);
    if (statement === undefined) {
      statement = db.prepare(
        `INSERT INTO tags (item_seq, position, name, value) VALUES ${Array(tags.length).fill('(?, ?, ?, ?)').join(', ')}`,
      );
      tagStatements.set(tags.length, statement);
    }
    const values: unknown[] = new Array(tags.length * 4);
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i]!;
      values[i * 4] = seq;
      values[i * 4 + 1] = i;
      values[i * 4 + 2] = tag.name;
      values[i * 4 + 3] = tag.value;
    }
    statement.run(values);
  };

  const writeItem = (item: DataItem, ingestedAt: number, indexTags: boolean): number => {
    const info = st.insertItem.run(
      item.id,
      item.signatureType,
      asBuffer(item.signature),
      asBuffer(item.owner),
      item.ownerAddress,
      item.target,
      item.anchor,
      JSON.stringify(item.tags),
      item.data.byteLength,
      contentTypeOf(item.tags) ?? null,
      asBuffer(item.raw),
      ingestedAt,
    );
    const seq = Number(info.lastInsertRowid);
    if (indexTags && item.tags.length > 0) insertTags(seq, item.tags);
    return seq;
  };

  return {
    path,
    orm,
    run: runQuery,
    transaction,

    insertItem(item, ingestedAt, options) {
      checkDataIsTail(item);
      const indexTags = options?.indexTags !== false;
      return runQuery('store.insertItem', () =>
        db.inTransaction
          ? writeItem(item, ingestedAt, indexTags)
          : (inTransaction.immediate(() => writeItem(item, ingestedAt, indexTags)) as number),
      );
    },
    getItem(id) {
      const row = runQuery('store.getItem', () => st.getItem.get(id));
      return row === undefined ? undefined : toStoredItem(row);
    },
    hasItem(id) {
      return runQuery('store.hasItem', () => st.itemSeq.get(id)) !== undefined;
    },
    itemSeq(id) {
      return runQuery('store.itemSeq', () => st.itemSeq.get(id))?.seq;
    },

    insertModule(m) {
      runQuery('store.insertModule', () =>
        st.insertModule.run(
          m.id,
          m.itemSeq,
          m.owner,
          m.moduleFormat,
          m.inputEncoding,
          m.outputEncoding,
          m.memoryLimit,
          m.computeLimit,
        ),
      );
    },
    getModule(id) {
      return runQuery('store.getModule', () => st.getModule.get(id));
    },
    insertProcess(p) {
      runQuery('store.insertProcess', () =>
        st.insertProcess.run(
          p.id,
          p.itemSeq,
          p.owner,
          p.module,
          p.scheduler,
          p.parent,
          p.pushedFor,
          p.spawnedAt,
        ),
      );
    },
    getProcess(id) {
      return runQuery('store.getProcess', () => st.getProcess.get(id));
    },

    insertAssignment(a) {
      const info = runQuery('store.insertAssignment', () =>
        st.insertAssignment.run(
          a.processId,
          a.slot,
          a.messageId,
          a.assignmentId,
          a.timestamp,
          a.blockHeight,
          a.epoch,
          a.hashChain,
        ),
      );
      return Number(info.lastInsertRowid);
    },
    latestAssignment(processId) {
      return runQuery('store.latestAssignment', () => st.latestAssignment.get(processId));
    },
    assignmentsBySlot(processId, range: SlotRange = {}) {
      const from = range.fromSlot ?? 0;
      const to = range.toSlot ?? Number.MAX_SAFE_INTEGER;
      const limit = Math.min(Math.max(range.limit ?? 100, 0), maxRangeLimit);
      return runQuery('store.assignmentsBySlot', () => st.assignmentsBySlot.all(processId, from, to, limit));
    },
    assignmentOf(processId, messageId) {
      return runQuery('store.assignmentOf', () => st.assignmentOf.get(processId, messageId));
    },
    assignmentsOfMessage(messageId) {
      return runQuery('store.assignmentsOfMessage', () => st.assignmentsOfMessage.all(messageId));
    },
    lastSlotAtOrBefore(processId, timestamp) {
      return runQuery(
        'store.lastSlotAtOrBefore',
        () => st.lastSlotAtOrBefore.get(processId, timestamp)?.slot,
      );
    },
    lastItemSeq() {
      return runQuery('store.lastItemSeq', () => st.lastItemSeq.get()!.seq);
    },
    assignmentById(assignmentId) {
      return runQuery('store.assignmentById', () => st.assignmentById.get(assignmentId));
    },
    assignmentsInBlock(height) {
      return runQuery('store.assignmentsInBlock', () => st.assignmentsInBlock.all(height));
    },

    insertBlock(b) {
      runQuery('store.insertBlock', () =>
        st.insertBlock.run(
          b.height,
          b.id,
          b.previous,
          b.timestamp,
          b.assignmentsRoot,
          b.assignmentCount,
          b.lastItemSeq,
        ),
      );
    },
    latestBlock() {
      return runQuery('store.latestBlock', () => st.latestBlock.get());
    },
    getBlock(height) {
      return runQuery('store.getBlock', () => st.getBlock.get(height));
    },

    close() {
      if (db.open) db.close();
    },
  };
}
