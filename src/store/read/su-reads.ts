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
}

/** The scheduler's read side for the SU HTTP API: assignments of a process in slot order. */
export interface SchedulerReads {
  /** One page in slot order; `hasNextPage` from fetching one row more than `limit`. */
  assignmentsPage(query: AssignmentQuery): { assignments: StoredAssignment[]; hasNextPage: boolean };
}

const assignmentColumns = `seq, process_id AS processId, slot, message_id AS messageId,
  assignment_id AS assignmentId, timestamp, block_height AS blockHeight, epoch, hash_chain AS hashChain`;

export function createSchedulerReads(store: Store): SchedulerReads {
  const page = store.orm.$client.prepare<[string, number, number, number, number, number], StoredAssignment>(
    `SELECT ${assignmentColumns} FROM assignments
     WHERE process_id = ? AND slot >= ? AND slot <= ? AND timestamp > ? AND timestamp <= ?
     ORDER BY slot ASC LIMIT ?`,
  );
  return {
    assignmentsPage(q) {
      const rows = store.run('su.assignmentsPage', () =>
        page.all(
          q.processId,
          q.fromSlot ?? 0,
          q.toSlot ?? Number.MAX_SAFE_INTEGER,
          q.fromTimestamp ?? -1,
          q.toTimestamp ?? Number.MAX_SAFE_INTEGER,
          q.limit + 1,
        ),
      );
      const hasNextPage = rows.length > q.limit;
      if (hasNextPage) rows.length = q.limit;
      return { assignments: rows, hasNextPage };
    },
  };
}
