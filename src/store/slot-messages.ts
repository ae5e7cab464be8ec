import type { Database } from 'better-sqlite3';
import type { Tag } from '../core/types.js';
import { runQuery } from './query.js';
import { parseTagsColumn } from './tags-column.js';
import type { Store } from './types.js';

/**
 * An assigned slot with the fields of its message that evaluation needs, already in the form the
 * message is built from (compute/message.ts): no raw bytes, no owner key, no second decoding.
 */
export interface SlotMessage {
  slot: number;
  messageId: string;
  /** Assignment timestamp (ms). */
  timestamp: number;
  blockHeight: number;
  epoch: number;
  hashChain: string;
  /** The item's signature, base64url. */
  signature: string;
  ownerAddress: string;
  target: string | null;
  anchor: string | null;
  tags: Tag[];
  /**
   * The item's data as UTF-8 text exactly as `new TextDecoder().decode(data)` gives it: invalid
   * sequences become U+FFFD and one leading byte order mark is dropped.
   */
  data: string;
}

/** Reads the messages of up to `limit` consecutive slots of a process from `fromSlot`. */
export type SlotMessageReader = (processId: string, fromSlot: number, limit: number) => SlotMessage[];

type Row = [
  slot: number,
  messageId: string,
  timestamp: number,
  blockHeight: number,
  epoch: number,
  hashChain: string,
  signature: Buffer,
  ownerAddress: string,
  target: string | null,
  anchor: string | null,
  tags: string,
  data: string,
];

const BOM = 0xfeff;

/**
 * Reads the messages of consecutive slots in one query (assignments joined with their items). Rows come
 * back as arrays (no per-row object of column names) and only the columns evaluation uses are read; the
 * data is cut from the raw item and turned into text by SQLite (the bytes are never copied out as a
 * Buffer). The hot read of evaluation and verification.
 */
export function createSlotMessageReader(store: Store): SlotMessageReader {
  return slotMessageReaderOn(store.orm.$client);
}

/** The same reader on a bare connection (a read-only one on another thread: compute/read-ahead-worker.ts). */
export function slotMessageReaderOn(db: Database): SlotMessageReader {
  const statement = db
    .prepare<[string, number, number], Row>(
      `SELECT a.slot, a.message_id, a.timestamp, a.block_height, a.epoch, a.hash_chain,
         d.signature, d.owner_address, d.target, d.anchor, d.tags,
         CASE WHEN d.data_size = 0 THEN '' ELSE CAST(substr(d.raw, length(d.raw) - d.data_size + 1) AS TEXT) END
       FROM assignments a JOIN data_items d ON d.id = a.message_id
       WHERE a.process_id = ? AND a.slot >= ? ORDER BY a.slot ASC LIMIT ?`,
    )
    .raw(true);
  const read = (processId: string, fromSlot: number, limit: number): SlotMessage[] => {
    const rows = statement.all(processId, fromSlot, limit);
    const out = new Array<SlotMessage>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const data = row[11];
      out[i] = {
        slot: row[0],
        messageId: row[1],
        timestamp: row[2],
        blockHeight: row[3],
        epoch: row[4],
        hashChain: row[5],
        signature: row[6].toString('base64url'),
        ownerAddress: row[7],
        target: row[8],
        anchor: row[9],
        tags: parseTagsColumn(row[10]),
        // SQLite hands the bytes over as they are and V8 decodes them as TextDecoder does, except that
        // TextDecoder also drops a leading byte order mark.
        data: data.charCodeAt(0) === BOM ? data.slice(1) : data,
      };
    }
    return out;
  };
  return (processId, fromSlot, limit) =>
    runQuery('store.slotMessages', () => read(processId, fromSlot, limit));
}
