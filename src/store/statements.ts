import type { Database, Statement } from 'better-sqlite3';
import type { BlockRecord, ModuleRecord, ProcessRecord, StoredAssignment } from './types.js';

/** A data_items row as selected (blobs come back as Buffers). */
export interface ItemRow {
  seq: number;
  id: string;
  signatureType: number;
  signature: Buffer;
  owner: Buffer;
  ownerAddress: string;
  target: string | null;
  anchor: string | null;
  tags: string;
  dataSize: number;
  contentType: string | null;
  raw: Buffer;
  ingestedAt: number;
}

const assignmentColumns = `seq, process_id AS processId, slot, message_id AS messageId,
  assignment_id AS assignmentId, timestamp, block_height AS blockHeight, epoch, hash_chain AS hashChain`;
const blockColumns = `height, id, previous, timestamp, assignments_root AS assignmentsRoot,
  assignment_count AS assignmentCount, last_item_seq AS lastItemSeq`;
const processColumns = `id, item_seq AS itemSeq, owner, module, scheduler, parent, pushed_for AS pushedFor,
  spawned_at AS spawnedAt`;
const moduleColumns = `id, item_seq AS itemSeq, owner, module_format AS moduleFormat,
  input_encoding AS inputEncoding, output_encoding AS outputEncoding, memory_limit AS memoryLimit,
  compute_limit AS computeLimit`;

/**
 * The store's prepared statements, compiled once per connection (the hot paths: ingest, assign, reads by
 * id and slot). Values are always bound, never interpolated.
 */
export function prepareStatements(db: Database) {
  return {
    insertItem: db.prepare<
      [
        string,
        number,
        Buffer,
        Buffer,
        string,
        string | null,
        string | null,
        string,
        number,
        string | null,
        Buffer,
        number,
      ]
    >(
      `INSERT INTO data_items (id, signature_type, signature, owner, owner_address, target, anchor, tags,
        data_size, content_type, raw, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    getItem: db.prepare<[string], ItemRow>(
      `SELECT seq, id, signature_type AS signatureType, signature, owner, owner_address AS ownerAddress,
        target, anchor, tags, data_size AS dataSize, content_type AS contentType, raw, ingested_at AS ingestedAt
       FROM data_items WHERE id = ?`,
    ),
    itemSeq: db.prepare<[string], { seq: number }>('SELECT seq FROM data_items WHERE id = ?'),

    insertModule: db.prepare<[string, number, string, string, string, string, string | null, string | null]>(
      `INSERT INTO modules (id, item_seq, owner, module_format, input_encoding, output_encoding, memory_limit,
        compute_limit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    getModule: db.prepare<[string], ModuleRecord>(`SELECT ${moduleColumns} FROM modules WHERE id = ?`),
    insertProcess: db.prepare<[string, number, string, string, string, string | null, string | null, number]>(
      `INSERT INTO processes (id, item_seq, owner, module, scheduler, parent, pushed_for, spawned_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    getProcess: db.prepare<[string], ProcessRecord>(`SELECT ${processColumns} FROM processes WHERE id = ?`),

    insertAssignment: db.prepare<[string, number, string, string, number, number, number, string]>(
      `INSERT INTO assignments (process_id, slot, message_id, assignment_id, timestamp, block_height, epoch,
        hash_chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    latestAssignment: db.prepare<[string], StoredAssignment>(
      `SELECT ${assignmentColumns} FROM assignments WHERE process_id = ? ORDER BY slot DESC LIMIT 1`,
    ),
    lastSlotAtOrBefore: db.prepare<[string, number], { slot: number }>(
      'SELECT slot FROM assignments WHERE process_id = ? AND timestamp <= ? ORDER BY slot DESC LIMIT 1',
    ),
    assignmentsBySlot: db.prepare<[string, number, number, number], StoredAssignment>(
      `SELECT ${assignmentColumns} FROM assignments WHERE process_id = ? AND slot >= ? AND slot <= ?
       ORDER BY slot ASC LIMIT ?`,
    ),
    assignmentOf: db.prepare<[string, string], StoredAssignment>(
      `SELECT ${assignmentColumns} FROM assignments WHERE process_id = ? AND message_id = ?`,
    ),
    assignmentsOfMessage: db.prepare<[string], StoredAssignment>(
      `SELECT ${assignmentColumns} FROM assignments WHERE message_id = ? ORDER BY seq ASC`,
    ),
    assignmentById: db.prepare<[string], StoredAssignment>(
      `SELECT ${assignmentColumns} FROM assignments WHERE assignment_id = ?`,
    ),
    assignmentsInBlock: db.prepare<[number], StoredAssignment>(
      `SELECT ${assignmentColumns} FROM assignments WHERE block_height = ? ORDER BY seq ASC`,
    ),

    insertBlock: db.prepare<[number, string, string | null, number, string, number, number]>(
      `INSERT INTO blocks (height, id, previous, timestamp, assignments_root, assignment_count, last_item_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    lastItemSeq: db.prepare<[], { seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM data_items'),
    latestBlock: db.prepare<[], BlockRecord>(
      `SELECT ${blockColumns} FROM blocks ORDER BY height DESC LIMIT 1`,
    ),
    getBlock: db.prepare<[number], BlockRecord>(`SELECT ${blockColumns} FROM blocks WHERE height = ?`),
  } satisfies Record<string, Statement<unknown[], unknown>>;
}

export type Statements = ReturnType<typeof prepareStatements>;
