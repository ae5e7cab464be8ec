import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Store } from '../types.js';

/** Whether every outbox entry of a process's evaluated slots was delivered exactly once. */
export interface DeliveryAudit {
  available: boolean;
  /** True when every evaluated slot is delivered, no entry is missing and no item was pushed twice. */
  complete: boolean | null;
  detail: string;
  /** Evaluated slots whose outboxes the messenger has fully recorded (its cursor + 1). */
  deliveredSlots: number | null;
  /** Evaluated slots not delivered yet. */
  pendingSlots: number | null;
  /** Outbox entries checked against delivery rows. */
  entries: number | null;
  /** Entries recorded as refused (no Target, a chain limit, ...): accounted for, not delivered. */
  refused: number | null;
  /** The first delivered slot with an outbox entry that has no delivery row. */
  firstMissingSlot: number | null;
  /** Items this process's outboxes produced more than once. */
  duplicates: number | null;
}

interface OutboxLists {
  Messages?: unknown[];
  Spawns?: unknown[];
  Assignments?: Array<{ Processes?: unknown[] }>;
}

const PAGE = 500;

/**
 * Checks the messenger's bookkeeping for one source process: for every evaluated slot up to its delivery
 * cursor, each outbox entry (Messages[i]; Spawns[i] and, unless refused, its Spawned notice;
 * Assignments[i] once per listed process) must have its delivery row, keyed as the messenger keys them;
 * the key is unique in the database, and no produced item may appear in two rows.
 */
export async function auditDeliveries(store: Store, processId: string): Promise<DeliveryAudit> {
  const db = store.orm.$client;
  const cursor =
    store.run('ao.audit.cursor', () =>
      db
        .prepare<[string], { slot: number }>('SELECT slot FROM delivery_cursors WHERE process_id = ?')
        .get(processId),
    )?.slot ?? -1;
  const evaluated =
    store.run('ao.audit.evaluated', () =>
      db
        .prepare<[string], { slot: number }>(
          'SELECT slot FROM results WHERE process_id = ? ORDER BY slot DESC LIMIT 1',
        )
        .get(processId),
    )?.slot ?? -1;
  const results = db.prepare<[string, number, number, number], { slot: number; result: string }>(
    'SELECT slot, result FROM results WHERE process_id = ? AND slot > ? AND slot <= ? ORDER BY slot ASC LIMIT ?',
  );
  const rows = db.prepare<
    [string, number, number],
    { slot: number; kind: string; outboxIndex: number; part: number; status: string }
  >(
    `SELECT slot, kind, outbox_index AS outboxIndex, part, status FROM deliveries
     WHERE source_process = ? AND slot > ? AND slot <= ?`,
  );
  let entries = 0;
  let refused = 0;
  let firstMissingSlot: number | null = null;
  let after = -1;
  while (after < cursor) {
    const page = store.run('ao.audit.results', () => results.all(processId, after, cursor, PAGE));
    if (page.length === 0) break;
    const last = page[page.length - 1]!.slot;
    const recorded = new Map<string, string>();
    for (const r of store.run('ao.audit.deliveries', () => rows.all(processId, after, last))) {
      recorded.set(`${r.slot} ${r.kind} ${r.outboxIndex} ${r.part}`, r.status);
      if (r.status === 'refused') refused += 1;
    }
    for (const { slot, result } of page) {
      const outbox = JSON.parse(result) as OutboxLists;
      const expected: string[] = [];
      (outbox.Messages ?? []).forEach((_, i) => {
        expected.push(`${slot} message ${i} 0`);
      });
      (outbox.Spawns ?? []).forEach((_, i) => {
        expected.push(`${slot} spawn ${i} 0`);
        const spawn = recorded.get(`${slot} spawn ${i} 0`);
        if (spawn !== undefined && spawn !== 'refused') expected.push(`${slot} spawned ${i} 0`);
      });
      (outbox.Assignments ?? []).forEach((a, i) => {
        const processes = Array.isArray(a?.Processes) ? a.Processes : [];
        processes.forEach((_, part) => {
          expected.push(`${slot} assign ${i} ${part}`);
        });
        if (processes.length === 0) expected.push(`${slot} assign ${i} 0`);
      });
      entries += expected.length;
      if (firstMissingSlot === null && expected.some((key) => !recorded.has(key))) firstMissingSlot = slot;
    }
    after = last;
    await yieldToLoop();
  }
  const duplicates =
    store.run('ao.audit.duplicates', () =>
      db
        .prepare<[string], { n: number }>(
          `SELECT count(*) AS n FROM (SELECT message_id FROM deliveries
           WHERE source_process = ? AND kind != 'assign' AND message_id IS NOT NULL
           GROUP BY message_id HAVING count(*) > 1)`,
        )
        .get(processId),
    )?.n ?? 0;
  const deliveredSlots = cursor + 1;
  const pendingSlots = Math.max(0, evaluated - cursor);
  const complete = firstMissingSlot === null && duplicates === 0 && pendingSlots === 0;
  const problems: string[] = [];
  if (firstMissingSlot !== null)
    problems.push(`slot ${firstMissingSlot} has an outbox entry with no delivery`);
  if (duplicates > 0) problems.push(`${duplicates} items were produced more than once`);
  if (pendingSlots > 0) problems.push(`${pendingSlots} evaluated slots are not delivered yet`);
  return {
    available: true,
    complete,
    detail: complete
      ? `every outbox entry of slots 0..${cursor} was delivered exactly once (${entries} entries, ${refused} refused)`
      : problems.join('; '),
    deliveredSlots,
    pendingSlots,
    entries,
    refused,
    firstMissingSlot,
    duplicates,
  };
}
