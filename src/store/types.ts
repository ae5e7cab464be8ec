import type { Database } from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { DataItem } from '../core/types.js';
import type * as schema from './schema.js';

/** A data item as kept in the log, with its ingest sequence number (the keyset cursor of listings). */
export interface StoredItem extends DataItem {
  seq: number;
  dataSize: number;
  /** The value of the item's first `Content-Type` tag, if any. */
  contentType: string | null;
  /** When the node ingested the item (ms, from the injected clock). */
  ingestedAt: number;
}

export interface ModuleRecord {
  id: string;
  itemSeq: number;
  /** Owner address of the Module item. */
  owner: string;
  moduleFormat: string;
  inputEncoding: string;
  outputEncoding: string;
  memoryLimit: string | null;
  computeLimit: string | null;
}

export interface ProcessRecord {
  id: string;
  itemSeq: number;
  /** Owner address of the Process item. */
  owner: string;
  module: string;
  scheduler: string;
  /** `From-Process` tag: the spawning process, if any. */
  parent: string | null;
  /** `Pushed-For` tag, if any. */
  pushedFor: string | null;
  /** Timestamp (ms) of slot 0. */
  spawnedAt: number;
}

export interface AssignmentRecord {
  processId: string;
  slot: number;
  messageId: string;
  /** Id of the signed Assignment data item (stored in the log too). */
  assignmentId: string;
  /** ms, non-decreasing per process */
  timestamp: number;
  blockHeight: number;
  epoch: number;
  hashChain: string;
}

export interface StoredAssignment extends AssignmentRecord {
  /** Global insertion order of assignments. */
  seq: number;
}

export interface BlockRecord {
  height: number;
  id: string;
  /** Id of the block at height - 1; null for genesis. */
  previous: string | null;
  /** ms */
  timestamp: number;
  assignmentsRoot: string;
  assignmentCount: number;
  /** The highest data_items.seq logged before the seal: the items up to it that no earlier block has. */
  lastItemSeq: number;
}

export interface InsertItemOptions {
  /**
   * Write the item's rows in the `tags` index (default true). Items left out are still logged with their
   * tags (`data_items.tags`) but tag queries do not find them; see SchedulerDeps.indexAssignmentTags.
   */
  indexTags?: boolean;
}

export interface SlotRange {
  /** Inclusive; default 0. */
  fromSlot?: number;
  /** Inclusive; default unbounded. */
  toSlot?: number;
  /** Default 100, at most 10,000. */
  limit?: number;
}

/**
 * The append-only log. Every method is synchronous (better-sqlite3); writes outside `transaction` are
 * each their own transaction. Driver errors come out as `AoliteError`s: DUPLICATE (id or (process,
 * message) already present), CONFLICT ((process, slot) taken), APPEND_ONLY (update/delete attempted),
 * NOT_FOUND (a referenced row is missing), UNAVAILABLE (database busy), INTERNAL.
 */
export interface Store {
  /** The database file path (':memory:' for an in-memory store). */
  readonly path: string;
  /**
   * drizzle over the same connection (`orm.$client` is the better-sqlite3 handle), for read-side units
   * building their own queries; run them through `run` so errors are mapped.
   */
  readonly orm: BetterSQLite3Database<typeof schema> & { $client: Database };
  /** Runs `fn` as one labelled query: driver errors become AoliteErrors naming `label`. */
  run<T>(label: string, fn: () => T): T;
  /**
   * Runs `fn` in one synchronous write transaction (BEGIN IMMEDIATE: the write lock is taken up front, so
   * read-then-write inside is race-free across connections). Nested calls become savepoints. `fn` must not
   * be async.
   */
  transaction<T>(fn: () => T): T;

  /**
   * Appends an item and (unless `indexTags: false`) its rows in the tag index; returns its seq. DUPLICATE
   * if the id is already logged. INVALID_DATA_ITEM if `data` is not the tail of `raw`.
   */
  insertItem(item: DataItem, ingestedAt: number, options?: InsertItemOptions): number;
  getItem(id: string): StoredItem | undefined;
  hasItem(id: string): boolean;
  /** The item's seq, or undefined when it is not logged. */
  itemSeq(id: string): number | undefined;

  insertModule(record: ModuleRecord): void;
  getModule(id: string): ModuleRecord | undefined;
  insertProcess(record: ProcessRecord): void;
  getProcess(id: string): ProcessRecord | undefined;

  /** Appends an assignment; returns its seq. CONFLICT if the slot is taken, DUPLICATE if the message is. */
  insertAssignment(record: AssignmentRecord): number;
  /** The assignment with the highest slot of a process. */
  latestAssignment(processId: string): StoredAssignment | undefined;
  /** Assignments of a process in slot order within the range. */
  assignmentsBySlot(processId: string, range?: SlotRange): StoredAssignment[];
  /** The assignment of a message to a process, if any. */
  assignmentOf(processId: string, messageId: string): StoredAssignment | undefined;
  /** Every assignment of a message (one per process it was assigned to), in assignment order. */
  assignmentsOfMessage(messageId: string): StoredAssignment[];
  /** The highest slot of a process whose timestamp is at or before `timestamp` (ms), if any. */
  lastSlotAtOrBefore(processId: string, timestamp: number): number | undefined;
  /** The seq of the last item logged (0 for an empty log). */
  lastItemSeq(): number;
  /** The assignment whose signed Assignment item has this id, if any. */
  assignmentById(assignmentId: string): StoredAssignment | undefined;
  /** Assignments recorded in a block, in assignment order. */
  assignmentsInBlock(height: number): StoredAssignment[];

  insertBlock(record: BlockRecord): void;
  latestBlock(): BlockRecord | undefined;
  getBlock(height: number): BlockRecord | undefined;

  close(): void;
}
