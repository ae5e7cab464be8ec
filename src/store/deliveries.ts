import type { Tag } from '../core/types.js';
import { runQuery } from './query.js';
import type { Store } from './types.js';

export type DeliveryKind = 'message' | 'spawn' | 'spawned' | 'assign';
/** assigned: scheduled on `target`; stored: logged, the target is no process here; refused: see `error`. */
export type DeliveryStatus = 'assigned' | 'stored' | 'refused';

/** One row of `deliveries` (schema.ts): what became of one outbox entry. */
export interface DeliveryRecord {
  sourceProcess: string;
  slot: number;
  kind: DeliveryKind;
  outboxIndex: number;
  part: number;
  messageId: string | null;
  target: string | null;
  status: DeliveryStatus;
  error: string | null;
  root: string;
  depth: number;
}

/** The messenger's tables: delivery rows, per-process cursors, and the reads lineage needs. */
export interface DeliveryStore {
  insert(record: DeliveryRecord): void;
  /** Last source slot whose outbox is fully recorded (-1: none). */
  cursor(processId: string): number;
  setCursor(processId: string, slot: number): void;
  /** Chain position of a delivered message: its depth and root, or undefined if it was never pushed. */
  pushed(messageId: string): { depth: number; root: string } | undefined;
  /** Deliveries recorded for one root so far. */
  countForRoot(root: string): number;
  /** Deliveries that produced (or refused to produce) `messageId`, oldest first. */
  producing(messageId: string): DeliveryRecord[];
  /** Deliveries of one evaluated source slot, in outbox order. */
  ofSlot(processId: string, slot: number): DeliveryRecord[];
  /** Processes with evaluated slots past their delivery cursor (what a restart must finish). */
  behindCursor(): string[];
  /** Processes with assigned slots not yet evaluated. */
  behindEvaluation(): string[];
  /** The signer and tags of a logged item (no raw bytes), or undefined. */
  itemHead(id: string): { ownerAddress: string; tags: Tag[] } | undefined;
}

const columns = `source_process AS sourceProcess, slot, kind, outbox_index AS outboxIndex, part,
  message_id AS messageId, target, status, error, root, depth`;

export function createDeliveryStore(store: Store): DeliveryStore {
  const db = store.orm.$client;
  const insert = db.prepare(
    `INSERT INTO deliveries (source_process, slot, kind, outbox_index, part, message_id, target, status, error,
       root, depth) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const cursor = db.prepare<[string], { slot: number }>(
    'SELECT slot FROM delivery_cursors WHERE process_id = ?',
  );
  const setCursor = db.prepare(
    `INSERT INTO delivery_cursors (process_id, slot) VALUES (?, ?)
     ON CONFLICT (process_id) DO UPDATE SET slot = excluded.slot`,
  );
  const pushed = db.prepare<[string], { depth: number; root: string }>(
    `SELECT depth, root FROM deliveries WHERE message_id = ? AND kind IN ('message', 'spawn', 'spawned')
     ORDER BY seq LIMIT 1`,
  );
  const countForRoot = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM deliveries WHERE root = ?',
  );
  const producing = db.prepare<[string], DeliveryRecord>(
    `SELECT ${columns} FROM deliveries WHERE message_id = ? ORDER BY seq`,
  );
  const ofSlot = db.prepare<[string, number], DeliveryRecord>(
    `SELECT ${columns} FROM deliveries WHERE source_process = ? AND slot = ?
     ORDER BY CASE kind WHEN 'message' THEN 0 WHEN 'spawn' THEN 1 WHEN 'spawned' THEN 1 ELSE 2 END,
       outbox_index, kind, part`,
  );
  const behindCursor = db.prepare<[], { id: string }>(
    `SELECT p.id FROM processes p
     WHERE (SELECT max(slot) FROM results r WHERE r.process_id = p.id)
       > coalesce((SELECT slot FROM delivery_cursors c WHERE c.process_id = p.id), -1)`,
  );
  const behindEvaluation = db.prepare<[], { id: string }>(
    `SELECT p.id FROM processes p
     WHERE (SELECT max(slot) FROM assignments a WHERE a.process_id = p.id)
       > coalesce((SELECT max(slot) FROM results r WHERE r.process_id = p.id), -1)`,
  );
  const itemHead = db.prepare<[string], { ownerAddress: string; tags: string }>(
    'SELECT owner_address AS ownerAddress, tags FROM data_items WHERE id = ?',
  );

  return {
    insert: (r) =>
      runQuery('deliveries.insert', () =>
        insert.run(
          r.sourceProcess,
          r.slot,
          r.kind,
          r.outboxIndex,
          r.part,
          r.messageId,
          r.target,
          r.status,
          r.error,
          r.root,
          r.depth,
        ),
      ),
    cursor: (processId) => runQuery('deliveries.cursor', () => cursor.get(processId)?.slot ?? -1),
    setCursor: (processId, slot) => runQuery('deliveries.setCursor', () => setCursor.run(processId, slot)),
    pushed: (messageId) => runQuery('deliveries.pushed', () => pushed.get(messageId)),
    countForRoot: (root) => runQuery('deliveries.countForRoot', () => countForRoot.get(root)?.n ?? 0),
    producing: (messageId) => runQuery('deliveries.producing', () => producing.all(messageId)),
    ofSlot: (processId, slot) => runQuery('deliveries.ofSlot', () => ofSlot.all(processId, slot)),
    behindCursor: () => runQuery('deliveries.behindCursor', () => behindCursor.all().map((r) => r.id)),
    behindEvaluation: () =>
      runQuery('deliveries.behindEvaluation', () => behindEvaluation.all().map((r) => r.id)),
    itemHead: (id) =>
      runQuery('deliveries.itemHead', () => {
        const row = itemHead.get(id);
        return row === undefined
          ? undefined
          : { ownerAddress: row.ownerAddress, tags: JSON.parse(row.tags) as Tag[] };
      }),
  };
}
