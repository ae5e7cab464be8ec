/**
 * The log's schema: the single source for `migrations/` (`npx drizzle-kit generate`). The append-only
 * triggers live in a custom migration (`migrations/*_append_only_triggers.sql`) because drizzle does not
 * model triggers; `test/store-migrations.test.ts` fails when this file and the migrations disagree.
 *
 * Every table here is part of the log and append-only: UPDATE and DELETE abort in the database.
 *
 * ## Design notes
 *
 * - `data_items.seq` (INTEGER PRIMARY KEY, the rowid) is the ingest order and the keyset cursor of every
 *   item listing; the public id is a separate UNIQUE column. The whole signed item is kept once, in `raw`
 *   (served byte-exact by `/raw/:id`); the data is not stored a second time: ANS-104 puts it at the end of
 *   the item, so data = the last `data_size` bytes of `raw`. Signature and owner are small and kept as
 *   columns for the gateway fields. `tags` is the JSON array of `{name, value}` in original order (the
 *   source of truth for an item's tags; the `tags` table below is its index).
 * - `tags` is an index table for tag queries, one row per (item, position). Its unique index
 *   (name, value, item_seq, position) turns `name = ? AND value IN (...)` into narrow index ranges already
 *   ordered by item_seq, so keyset pagination (`item_seq < :cursor ORDER BY item_seq DESC`) reads only the
 *   rows it returns, and a probe "does item S have tag N=V" is one exact index seek.
 *   - Join-order trap (multi-tag queries): `Data-Protocol=ao` matches nearly every item while
 *     `Process`/`From-Process`/`Pushed-For` match few. Query builders must drive the scan from the most
 *     selective filter and test the other filters with `EXISTS` probes on this index, pinning the order
 *     (`CROSS JOIN`) rather than letting the planner pick. read/item-reads.ts samples each filter's first
 *     5,000 entries from where the page starts: fewer is the exact size, otherwise the seqs they span give
 *     the filter's density there, so of several common filters the sparsest drives.
 *   - Duplicate tags: an item may carry the same tag (or two values of one IN-list) twice. `position` is in
 *     the key so both rows exist; a scan over one filter can therefore yield an item twice, so builders
 *     must de-duplicate by item_seq (`EXISTS`/`DISTINCT`), never count joined rows, and the cursor is the
 *     item_seq, never a tag-row position.
 * - `assignments`: one row per (process, slot); UNIQUE(process_id, slot) makes gaps impossible to fill
 *   twice and also serves "latest slot of a process" (`ORDER BY slot DESC LIMIT 1`) and slot ranges;
 *   UNIQUE(message_id, process_id) stops a message being assigned twice to one process and serves "which
 *   processes was this message assigned to". The signed Assignment item itself is in `data_items`
 *   (`assignment_id`).
 * - `blocks`: local blocks, sealed by the scheduler. Timestamps everywhere are milliseconds. An item's block
 *   is the block it was logged in (`last_item_seq`), so ingest order is block order; the scheduler seals
 *   a due block before it logs an item it schedules, so a message scheduled on arrival is in its
 *   assignment's block. A block without last_item_seq is refused (a trigger of migration 0012).
 * - `results` (derived, not log): one row per evaluated (process, slot), written by compute in slot order
 *   without gaps, one transaction per evaluation batch. `result` is the canonical JSON of the whole result
 *   (src/compute/result-hash.ts) and `hash` its SHA-256, so reading a result is one parse and verification
 *   recomputes the same bytes. `error` is repeated as a column so `/results` (which lists evaluations
 *   without Error) filters in SQL. Results never change once written: the append-only triggers cover them
 *   too (rebuilding means dropping the table). UNIQUE(process_id, slot) keeps one result per slot and
 *   serves "latest evaluated slot". `message_id` is not indexed: `/result/:messageId` names the process and
 *   finds the slot through `assignments` (UNIQUE(message_id, process_id)), and an index of random ids cost
 *   every result write a random B-tree insert (dropped in 0010).
 * - `chunk_packs`, `chunks` and `checkpoints` are derived (a replay of the log rebuilds them) but still
 *   never change once written. A checkpoint's memory is cut into 4 KiB chunks (src/compute/
 *   checkpoint-format.ts); all-zero chunks are never stored. The chunks a save stores are concatenated, up
 *   to 64 at a time, into a pack compressed as one brotli stream (`data`; neighbouring chunks compress a
 *   third better together than alone), with their SHA-256s in order (`hashes`). A checkpoint's `manifest`
 *   is brotli of 8 bytes per chunk of its memory (pack seq u32 LE, index in the pack u32 LE; pack 0 marks
 *   an all-zero chunk), so a restore reads one row per pack it needs, no index. Chunks are shared by
 *   checkpoints and processes: a chunk unchanged since the process's previous checkpoint keeps its place,
 *   and a process's first checkpoint looks every chunk up in `chunks` (content-addressed: `hash_prefix` is
 *   the first 8 bytes of the chunk's SHA-256 as a signed integer, the rowid, so the index is the table;
 *   a hit is confirmed against the pack's full hash) and indexes those it stores, so processes of one
 *   module share what their memories have in common. UNIQUE(process_id, slot) serves "latest checkpoint
 *   at or below slot N" as one index seek (`WHERE process_id = ? AND slot <= ? ORDER BY slot DESC LIMIT 1`).
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const dataItems = sqliteTable(
  'data_items',
  {
    seq: integer('seq').primaryKey(),
    id: text('id').notNull(),
    signatureType: integer('signature_type').notNull(),
    signature: blob('signature', { mode: 'buffer' }).notNull(),
    owner: blob('owner', { mode: 'buffer' }).notNull(),
    ownerAddress: text('owner_address').notNull(),
    target: text('target'),
    anchor: text('anchor'),
    /** JSON array of `{name, value}` in original order. */
    tags: text('tags').notNull(),
    dataSize: integer('data_size').notNull(),
    contentType: text('content_type'),
    /** The whole signed item; the data is its last `data_size` bytes. */
    raw: blob('raw', { mode: 'buffer' }).notNull(),
    ingestedAt: integer('ingested_at').notNull(),
  },
  (t) => [
    uniqueIndex('data_items_id_unique').on(t.id),
    index('data_items_owner_seq_idx').on(t.ownerAddress, t.seq),
    // Partial: only items with a target (messages); `target = ?` implies NOT NULL, so lookups still use it.
    index('data_items_target_seq_idx').on(t.target, t.seq).where(sql`${t.target} IS NOT NULL`),
  ],
);

export const tags = sqliteTable(
  'tags',
  {
    itemSeq: integer('item_seq')
      .notNull()
      .references(() => dataItems.seq),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    value: text('value').notNull(),
  },
  (t) => [uniqueIndex('tags_name_value_item_idx').on(t.name, t.value, t.itemSeq, t.position)],
);

export const modules = sqliteTable(
  'modules',
  {
    id: text('id')
      .primaryKey()
      .references(() => dataItems.id),
    itemSeq: integer('item_seq').notNull(),
    owner: text('owner').notNull(),
    moduleFormat: text('module_format').notNull(),
    inputEncoding: text('input_encoding').notNull(),
    outputEncoding: text('output_encoding').notNull(),
    memoryLimit: text('memory_limit'),
    computeLimit: text('compute_limit'),
  },
  (t) => [uniqueIndex('modules_item_seq_unique').on(t.itemSeq)],
);

export const processes = sqliteTable(
  'processes',
  {
    id: text('id')
      .primaryKey()
      .references(() => dataItems.id),
    itemSeq: integer('item_seq').notNull(),
    /** Owner address of the Process item. */
    owner: text('owner').notNull(),
    module: text('module').notNull(),
    scheduler: text('scheduler').notNull(),
    /** `From-Process` of the Process item: the process that spawned this one, if any. */
    parent: text('parent'),
    /** `Pushed-For` of the Process item: the user message whose chain spawned it, if any. */
    pushedFor: text('pushed_for'),
    /** Timestamp (ms) of the process's slot 0. */
    spawnedAt: integer('spawned_at').notNull(),
  },
  (t) => [
    uniqueIndex('processes_item_seq_unique').on(t.itemSeq),
    index('processes_parent_idx').on(t.parent),
    index('processes_owner_idx').on(t.owner),
    index('processes_module_idx').on(t.module),
  ],
);

export const assignments = sqliteTable(
  'assignments',
  {
    seq: integer('seq').primaryKey(),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id),
    slot: integer('slot').notNull(),
    messageId: text('message_id')
      .notNull()
      .references(() => dataItems.id),
    assignmentId: text('assignment_id')
      .notNull()
      .references(() => dataItems.id),
    timestamp: integer('timestamp').notNull(),
    blockHeight: integer('block_height').notNull(),
    epoch: integer('epoch').notNull().default(0),
    hashChain: text('hash_chain').notNull(),
  },
  (t) => [
    uniqueIndex('assignments_process_slot_unique').on(t.processId, t.slot),
    // (message, process): also serves "every process this message was assigned to".
    uniqueIndex('assignments_message_process_unique').on(t.messageId, t.processId),
    uniqueIndex('assignments_assignment_unique').on(t.assignmentId),
    index('assignments_block_seq_idx').on(t.blockHeight, t.seq),
  ],
);

export const blocks = sqliteTable(
  'blocks',
  {
    height: integer('height').primaryKey(),
    id: text('id').notNull(),
    /** Id of the block at height - 1; null for the genesis block. */
    previous: text('previous'),
    timestamp: integer('timestamp').notNull(),
    /** base64url SHA-256 of the raw ids of the block's assignments, in assignment order. */
    assignmentsRoot: text('assignments_root').notNull(),
    assignmentCount: integer('assignment_count').notNull(),
    /**
     * The highest data_items.seq logged before this block was sealed (0 if none). An item belongs to the
     * first block whose last_item_seq is at least its seq: the block it was logged in, as on Arweave.
     * Set on every block (blocks sealed before this column existed were filled in by migration 0012).
     */
    lastItemSeq: integer('last_item_seq'),
  },
  (t) => [
    uniqueIndex('blocks_id_unique').on(t.id),
    // "The block of item S": the first entry at or after S (ties, empty blocks: the lowest height).
    index('blocks_last_item_seq_idx').on(t.lastItemSeq, t.height),
  ],
);

export const results = sqliteTable(
  'results',
  {
    seq: integer('seq').primaryKey(),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id),
    slot: integer('slot').notNull(),
    messageId: text('message_id').notNull(),
    /** Canonical JSON of `{Assignments, Error?, GasUsed, Messages, Output, Spawns}` (keys sorted). */
    result: text('result').notNull(),
    error: text('error'),
    gasUsed: integer('gas_used').notNull(),
    /** base64url SHA-256 of `result` (UTF-8). */
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('results_process_slot_unique').on(t.processId, t.slot)],
);

/** Chunks first stored by one checkpoint save, compressed together (see the module comment). */
export const chunkPacks = sqliteTable('chunk_packs', {
  seq: integer('seq').primaryKey(),
  /** The chunks concatenated, brotli-compressed as one stream (node:zlib). */
  data: blob('data', { mode: 'buffer' }).notNull(),
  /** Uncompressed length: chunk_size bytes per chunk, except maybe a short last one. */
  rawLength: integer('raw_length').notNull(),
  /** 32 bytes per chunk, in order: the SHA-256 of the uncompressed chunk. */
  hashes: blob('hashes', { mode: 'buffer' }).notNull(),
  /** Bytes per chunk (the last one may be shorter). */
  chunkSize: integer('chunk_size').notNull(),
});

/** Where a stored chunk is, by the first 8 bytes of its SHA-256 (deduplication only). */
export const chunks = sqliteTable('chunks', {
  /** The chunk's SHA-256, first 8 bytes, as a signed 64-bit integer. */
  hashPrefix: integer('hash_prefix').primaryKey(),
  /** chunk_packs.seq (no foreign key: a save indexes its new chunks before it writes their pack). */
  pack: integer('pack').notNull(),
  /** Position of the chunk in its pack. */
  idx: integer('idx').notNull(),
});

export const checkpoints = sqliteTable(
  'checkpoints',
  {
    seq: integer('seq').primaryKey(),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id),
    /** The memory is the state after evaluating this slot. */
    slot: integer('slot').notNull(),
    /** Hash chain of the slot's assignment. */
    hashChain: text('hash_chain').notNull(),
    /** SHA-256 (hex) of the used memory (runtime/memory.ts hashMemory). */
    memoryHash: text('memory_hash').notNull(),
    memoryLength: integer('memory_length').notNull(),
    /** Bytes per chunk of the memory (the last chunk may be shorter). */
    chunkSize: integer('chunk_size').notNull(),
    /** brotli of 8 bytes per chunk: pack seq (u32 LE, 0 = all-zero chunk), index in the pack (u32 LE). */
    manifest: blob('manifest', { mode: 'buffer' }).notNull(),
    /** Result hash of the slot, when the compute unit recorded one. */
    resultHash: text('result_hash'),
    /** ms, from the node clock (not part of evaluation). */
    createdAt: integer('created_at').notNull(),
    /** interval | eviction | shutdown | manual */
    reason: text('reason').notNull(),
  },
  (t) => [uniqueIndex('checkpoints_process_slot_unique').on(t.processId, t.slot)],
);

/** The log tables, each guarded by append-only triggers (see the custom migration). */
export const appendOnlyTables = [
  'data_items',
  'tags',
  'modules',
  'processes',
  'assignments',
  'blocks',
] as const;

/** Derived tables that are nonetheless written once and never changed (append-only triggers too). */
export const writeOnceTables = ['results', 'chunk_packs', 'chunks', 'checkpoints', 'deliveries'] as const;

/**
 * The messenger's delivery bookkeeping (derived, written once). One row per outbox entry of an evaluated
 * slot, keyed by (source process, slot, kind, outbox index, part): `message` (Messages[i]), `spawn`
 * (Spawns[i]), `spawned` (the notice sent to the parent after Spawns[i]), `assign` (Assignments[i],
 * `part` = position in its Processes list). A row is written in the same transaction as what it records
 * (the signed item and its assignment), so a crash leaves either both or neither: that is exactly-once.
 * `status`: `assigned` (scheduled on `target`), `stored` (logged, but the target is no process here, e.g.
 * a reply to a wallet), `refused` (`error` says why: no Target, a tag that cannot be signed, a limit).
 * `depth` counts pushes since the root user message (`root`, the `Pushed-For` of the chain).
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    seq: integer('seq').primaryKey(),
    sourceProcess: text('source_process')
      .notNull()
      .references(() => processes.id),
    slot: integer('slot').notNull(),
    kind: text('kind').notNull(),
    outboxIndex: integer('outbox_index').notNull(),
    part: integer('part').notNull().default(0),
    /** The pushed item, the spawned process, or the assigned message; null when refused. */
    messageId: text('message_id'),
    /** The process (or, when `stored`, the address) the item went to. */
    target: text('target'),
    status: text('status').notNull(),
    error: text('error'),
    root: text('root').notNull(),
    depth: integer('depth').notNull(),
  },
  (t) => [
    uniqueIndex('deliveries_source_unique').on(t.sourceProcess, t.slot, t.kind, t.outboxIndex, t.part),
    index('deliveries_message_idx').on(t.messageId),
    index('deliveries_root_idx').on(t.root),
  ],
);

/**
 * The messenger's progress per source process: every outbox entry of slots ≤ `slot` has its delivery
 * row. Updated (upsert) in the same transaction as those rows, so a restart resumes after it without
 * rescanning older results. The one mutable bookkeeping table: it is a position, not a record.
 */
export const deliveryCursors = sqliteTable('delivery_cursors', {
  processId: text('process_id')
    .primaryKey()
    .references(() => processes.id),
  slot: integer('slot').notNull(),
});
