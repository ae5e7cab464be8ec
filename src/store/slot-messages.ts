import type { Tag } from '../core/types.js';
import { runQuery } from './query.js';
import type { Store, StoredAssignment } from './types.js';

/** An assigned slot with the fields of its message that evaluation needs (no raw bytes, no owner key). */
export interface SlotMessage {
  assignment: StoredAssignment;
  item: {
    id: string;
    signature: Uint8Array;
    ownerAddress: string;
    target: string | null;
    anchor: string | null;
    tags: Tag[];
    data: Uint8Array;
  };
}

interface Row extends StoredAssignment {
  signature: Buffer;
  ownerAddress: string;
  target: string | null;
  anchor: string | null;
  tags: string;
  data: Buffer | null;
}

const empty = new Uint8Array(0);

/**
 * Reads the messages of consecutive slots in one query (assignments joined with their items), the data
 * cut from the raw item by SQLite so the rest of the item is never copied out. The hot read of evaluation.
 */
export function createSlotMessageReader(
  store: Store,
): (processId: string, fromSlot: number, limit: number) => SlotMessage[] {
  const statement = store.orm.$client.prepare<[string, number, number], Row>(
    `SELECT a.seq, a.process_id AS processId, a.slot, a.message_id AS messageId, a.assignment_id AS assignmentId,
       a.timestamp, a.block_height AS blockHeight, a.epoch, a.hash_chain AS hashChain,
       d.signature, d.owner_address AS ownerAddress, d.target, d.anchor, d.tags,
       CASE WHEN d.data_size = 0 THEN NULL ELSE substr(d.raw, length(d.raw) - d.data_size + 1) END AS data
     FROM assignments a JOIN data_items d ON d.id = a.message_id
     WHERE a.process_id = ? AND a.slot >= ? ORDER BY a.slot ASC LIMIT ?`,
  );
  return (processId, fromSlot, limit) =>
    runQuery('store.slotMessages', () =>
      statement.all(processId, fromSlot, limit).map((row) => ({
        assignment: {
          seq: row.seq,
          processId: row.processId,
          slot: row.slot,
          messageId: row.messageId,
          assignmentId: row.assignmentId,
          timestamp: row.timestamp,
          blockHeight: row.blockHeight,
          epoch: row.epoch,
          hashChain: row.hashChain,
        },
        item: {
          id: row.messageId,
          signature: row.signature,
          ownerAddress: row.ownerAddress,
          target: row.target,
          anchor: row.anchor,
          tags: JSON.parse(row.tags) as Tag[],
          data: row.data ?? empty,
        },
      })),
    );
}
