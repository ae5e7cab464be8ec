import { AoliteError } from '../../core/errors.js';
import { firstHashChainLink, nextHashChainLink } from '../../core/hash-chain.js';
import type { CoreHashes } from '../../core/hashes.js';
import type { Store } from '../types.js';

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
  delivery: { available: boolean; complete: boolean | null; detail: string };
}

interface Row {
  slot: number;
  assignmentId: string;
  hashChain: string;
  timestamp: number;
}

/**
 * Audits the schedule of a process from the log alone, streaming its assignments in slot order: every
 * Hash-Chain link is recomputed (slot 0 from the process id, slot n from the slot n-1 assignment id and
 * link; the slot after a gap cannot be chained and counts as broken), slots must have no gaps and
 * timestamps must never go back. Delivery completeness needs the messenger's delivery records, which this
 * node does not keep yet: it is reported as not available.
 */
export function auditProcess(store: Store, processId: string, sha256?: CoreHashes['sha256']): AuditReport {
  if (store.getProcess(processId) === undefined) {
    throw new AoliteError('NOT_FOUND', `${processId} is not a process scheduled by this node`);
  }
  const rows = store.orm.$client
    .prepare<[string], Row>(
      `SELECT slot, assignment_id AS assignmentId, hash_chain AS hashChain, timestamp FROM assignments
       WHERE process_id = ? ORDER BY slot ASC`,
    )
    .iterate(processId);
  let slots = 0;
  let expected = 0;
  let previous: Row | undefined;
  let firstBrokenLink: number | null = null;
  let firstTimestampRegression: number | null = null;
  const gaps: number[] = [];
  let gapCount = 0;
  store.run('ao.audit', () => {
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
      previous = row;
      expected = row.slot + 1;
    }
  });
  const hashChainValid = firstBrokenLink === null;
  const timestampsNonDecreasing = firstTimestampRegression === null;
  return {
    processId,
    ok: hashChainValid && timestampsNonDecreasing && gapCount === 0,
    slots,
    headSlot: previous?.slot ?? -1,
    hashChainValid,
    firstBrokenLink,
    gaps,
    gapCount,
    timestampsNonDecreasing,
    firstTimestampRegression,
    delivery: {
      available: false,
      complete: null,
      detail:
        'not available: this node keeps no outbox delivery records yet, so delivery completeness cannot be checked',
    },
  };
}
