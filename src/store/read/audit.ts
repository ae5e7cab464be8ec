import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { AoliteError } from '../../core/errors.js';
import { firstHashChainLink, nextHashChainLink } from '../../core/hash-chain.js';
import type { CoreHashes } from '../../core/hashes.js';
import type { Store } from '../types.js';
import { auditDeliveries, type DeliveryAudit } from './delivery-audit.js';

/** Assignments read per page; the event loop gets a turn between pages. */
const PAGE = 2000;

/** Most missing slots listed in a report (the count is exact). */
export const MAX_LISTED_GAPS = 100;

export interface AuditReport {
  processId: string;
  ok: boolean;
  /** Assignments read. */
  slots: number;
  headSlot: number;
  hashChainValid: boolean;
  firstBrokenLink: number | null;
  /** Missing slots below the head, at most MAX_LISTED_GAPS. */
  gaps: number[];
  gapCount: number;
  timestampsNonDecreasing: boolean;
  firstTimestampRegression: number | null;
  /** Every signed Assignment item agrees with its row and is signed by the process's scheduler. */
  assignmentItemsMatch: boolean;
  firstAssignmentItemMismatch: number | null;
  delivery: DeliveryAudit;
}

interface Row {
  slot: number;
  messageId: string;
  assignmentId: string;
  hashChain: string;
  timestamp: number;
  blockHeight: number;
  /** The signed Assignment item's tags (JSON) and signer. */
  tags: string;
  signer: string;
}

/** The signed Assignment item says what the row says, and the scheduler signed it. */
function itemMatches(processId: string, scheduler: string, row: Row): boolean {
  if (row.signer !== scheduler) return false;
  const tags = JSON.parse(row.tags) as { name: string; value: string }[];
  const value = (name: string) => tags.find((t) => t.name === name)?.value;
  return (
    value('Process') === processId &&
    value('Nonce') === String(row.slot) &&
    value('Hash-Chain') === row.hashChain &&
    value('Timestamp') === String(row.timestamp) &&
    value('Block-Height') === String(row.blockHeight) &&
    value('Message') === row.messageId
  );
}

/**
 * Audits the schedule of a process from the log alone, streaming its assignments in slot order: every
 * Hash-Chain link is recomputed (slot 0 from the process id, slot n from the slot n-1 assignment id and
 * link; the slot after a gap cannot be chained and counts as broken), slots must have no gaps and
 * timestamps must never go back, and each signed Assignment item must carry the row's Process, Nonce,
 * Hash-Chain, Timestamp, Block-Height and Message and be signed by the process's scheduler. Reads pages
 * of assignments by slot and yields to the event loop between them, so a long history never stalls the
 * server. Delivery completeness is checked against the messenger's delivery records (delivery-audit.ts).
 */
export async function auditProcess(
  store: Store,
  processId: string,
  sha256?: CoreHashes['sha256'],
): Promise<AuditReport> {
  const process = store.getProcess(processId);
  if (process === undefined) {
    throw new AoliteError('NOT_FOUND', `${processId} is not a process scheduled by this node`);
  }
  const page = store.orm.$client.prepare<[string, number, number], Row>(
    `SELECT a.slot AS slot, a.message_id AS messageId, a.assignment_id AS assignmentId,
         a.hash_chain AS hashChain, a.timestamp AS timestamp, a.block_height AS blockHeight, d.tags AS tags,
         d.owner_address AS signer
       FROM assignments a JOIN data_items d ON d.id = a.assignment_id
       WHERE a.process_id = ? AND a.slot >= ? ORDER BY a.slot ASC LIMIT ?`,
  );
  let slots = 0;
  let expected = 0;
  let previous: Row | undefined;
  let firstBrokenLink: number | null = null;
  let firstTimestampRegression: number | null = null;
  let firstAssignmentItemMismatch: number | null = null;
  const gaps: number[] = [];
  let gapCount = 0;
  for (;;) {
    const rows = store.run('ao.audit', () => page.all(processId, expected, PAGE));
    for (const row of rows) {
      slots += 1;
      for (let missing = expected; missing < row.slot; missing++) {
        gapCount += 1;
        if (gaps.length < MAX_LISTED_GAPS) gaps.push(missing);
      }
      if (firstBrokenLink === null) {
        let link: string | undefined;
        if (row.slot === 0) link = firstHashChainLink(processId, sha256);
        else if (previous !== undefined && previous.slot === row.slot - 1)
          link = nextHashChainLink(previous.assignmentId, previous.hashChain, sha256);
        if (link !== row.hashChain) firstBrokenLink = row.slot;
      }
      if (firstTimestampRegression === null && previous !== undefined && row.timestamp < previous.timestamp) {
        firstTimestampRegression = row.slot;
      }
      if (firstAssignmentItemMismatch === null && !itemMatches(processId, process.scheduler, row)) {
        firstAssignmentItemMismatch = row.slot;
      }
      previous = row;
      expected = row.slot + 1;
    }
    if (rows.length < PAGE) break;
    await yieldToLoop();
  }
  const delivery = await auditDeliveries(store, processId);
  const hashChainValid = firstBrokenLink === null;
  const timestampsNonDecreasing = firstTimestampRegression === null;
  const assignmentItemsMatch = firstAssignmentItemMismatch === null;
  return {
    processId,
    ok:
      hashChainValid &&
      timestampsNonDecreasing &&
      assignmentItemsMatch &&
      gapCount === 0 &&
      delivery.complete === true,
    slots,
    headSlot: previous?.slot ?? -1,
    hashChainValid,
    firstBrokenLink,
    gaps,
    gapCount,
    timestampsNonDecreasing,
    firstTimestampRegression,
    assignmentItemsMatch,
    firstAssignmentItemMismatch,
    delivery,
  };
}
