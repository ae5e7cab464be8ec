import type { Store, StoredAssignment } from '../types.js';

export interface AssignmentQuery {
  processId: string;
  /** Inclusive slot bounds. */
  fromSlot?: number;
  toSlot?: number;
  /** Timestamp bounds, ms: `from` exclusive, `to` inclusive (the reference SU's meaning). */
  fromTimestamp?: number;
  toTimestamp?: number;
  limit: number;
  /**
   * Never end a page inside a millisecond (the SU route, whose clients page by timestamp): see
   * `assignmentsPage`. Without it a page is exactly `limit` rows while more follow (slot paging).
   */
  wholeMilliseconds?: boolean;
  /** Most rows a `wholeMilliseconds` page grows to (default MAX_WHOLE_MILLISECOND). */
  maxWholeMillisecond?: number;
}

/** The scheduler's read side for the SU HTTP API: assignments of a process in slot order. */
export interface SchedulerReads {
  /**
   * One page in slot order; `hasNextPage` from fetching one row more than `limit`. With
   * `wholeMilliseconds` the page never ends inside a millisecond: SU clients page by timestamp (the
   * reference CU sends the last edge's cursor, its Timestamp, back as the exclusive `from`), so a page
   * holding only part of the assignments of its last millisecond would lose the rest. Such a page is cut
   * before that millisecond, or, when the whole page is one millisecond, runs on to its end (then it is
   * longer than `limit`, at most MAX_WHOLE_MILLISECOND rows). Timestamps never decrease along slots.
   */
  assignmentsPage(query: AssignmentQuery): { assignments: StoredAssignment[]; hasNextPage: boolean };
}

const assignmentColumns = `seq, process_id AS processId, slot, message_id AS messageId,
  assignment_id AS assignmentId, timestamp, block_height AS blockHeight, epoch, hash_chain AS hashChain`;

/** Most rows a `wholeMilliseconds` page grows to when one millisecond fills it. */
export const MAX_WHOLE_MILLISECOND = 5000;

export function createSchedulerReads(store: Store): SchedulerReads {
  const page = store.orm.$client.prepare<[string, number, number, number, number, number], StoredAssignment>(
    `SELECT ${assignmentColumns} FROM assignments
     WHERE process_id = ? AND slot >= ? AND slot <= ? AND timestamp > ? AND timestamp <= ?
     ORDER BY slot ASC LIMIT ?`,
  );
  const read = (
    q: AssignmentQuery,
    fromSlot: number,
    fromTimestamp: number,
    toTimestamp: number,
    limit: number,
  ) =>
    store.run('su.assignmentsPage', () =>
      page.all(q.processId, fromSlot, q.toSlot ?? Number.MAX_SAFE_INTEGER, fromTimestamp, toTimestamp, limit),
    );
  return {
    assignmentsPage(q) {
      const fromSlot = q.fromSlot ?? 0;
      const fromTimestamp = q.fromTimestamp ?? -1;
      const toTimestamp = q.toTimestamp ?? Number.MAX_SAFE_INTEGER;
      const rows = read(q, fromSlot, fromTimestamp, toTimestamp, q.limit + 1);
      if (rows.length <= q.limit) return { assignments: rows, hasNextPage: false };
      const last = rows[q.limit - 1]!;
      if (q.wholeMilliseconds !== true || rows[q.limit]!.timestamp !== last.timestamp) {
        rows.length = q.limit;
        return { assignments: rows, hasNextPage: true };
      }
      const groupStart = rows.findIndex((row) => row.timestamp === last.timestamp);
      if (groupStart > 0) {
        rows.length = groupStart;
        return { assignments: rows, hasNextPage: true };
      }
      // The whole page is one millisecond: the rest of it, up to MAX_WHOLE_MILLISECOND rows in all (the
      // scheduler clamps timestamps to the previous one, so a clock stepped back can pile minutes of
      // messages onto one millisecond). Past that the page is cut at `limit` after all: timestamp paging
      // then skips the rest of that millisecond, from-nonce paging does not.
      const room = (q.maxWholeMillisecond ?? MAX_WHOLE_MILLISECOND) - q.limit;
      const group = read(q, last.slot + 1, last.timestamp - 1, last.timestamp, room + 1);
      if (group.length > room) {
        rows.length = q.limit;
        return { assignments: rows, hasNextPage: true };
      }
      const after = read(q, fromSlot, last.timestamp, toTimestamp, 1);
      return { assignments: [...rows.slice(0, q.limit), ...group], hasNextPage: after.length > 0 };
    },
  };
}
