/**
 * The scheduler's read routes (ao SU API). Ids are matched as 43 base64url characters, so fixed paths
 * (`/health`, `/timestamp`, `/graphql`, `/raw/...`, `/processes/...`) never reach the `/{id}` routes:
 *
 * - `GET /{pid}?from&to&limit&from-nonce&to-nonce` → `{page_info:{has_next_page}, edges:[{cursor,
 *   node:{message, assignment}}]}` in SLOT order. `from`/`to` are timestamps (ms; `from` exclusive, `to`
 *   inclusive, as the reference), `from-nonce`/`to-nonce` inclusive slots, `limit` 1..1000 (default 100;
 *   a page of one busy millisecond can be longer, see su-reads.ts).
 *   Each edge's `cursor` is its assignment's Timestamp, as the reference SU's: the reference CU asks for
 *   the next page with `from=<last cursor>`. A page never ends inside a millisecond (su-reads.ts), so
 *   messages sharing one are never lost at a page boundary, as they can be with the reference; paging by
 *   slot (`from-nonce=<last Nonce + 1>`) works too.
 * - `GET /{messageId}?process-id={pid}` → `{message, assignment}`; without `process-id`, an id that is not a
 *   process gives the same for its first assignment (a message) or its own (an Assignment item id).
 * - `GET /{pid}/latest` → `{message, assignment}` of the highest slot.
 * - `GET /processes/{pid}` → the process item (reference SU shape).
 * Unknown ids are 404 `{error, code}`.
 */
import type { Hono } from 'hono';
import { AoliteError } from '../../core/errors.js';
import type { SchedulerReads } from '../../store/read/index.js';
import type { Store, StoredAssignment, StoredItem } from '../../store/types.js';
import { suItem, suProcess } from './su-json.js';

export interface SuRouteDeps {
  store: Store;
  schedulerReads: SchedulerReads;
}

/** A 43-character base64url id as a Hono path parameter pattern. */
export const ID_PARAM = '[A-Za-z0-9_-]{43}';
export const DEFAULT_SU_LIMIT = 100;
export const MAX_SU_LIMIT = 1000;

function intParam(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  // aoconnect writes `from=undefined` when it has no bound: treat like an absent parameter.
  if (raw === undefined || raw === '' || raw === 'undefined' || raw === 'null') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new AoliteError('BAD_REQUEST', `${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function mustGetItem(store: Store, id: string, what: string): StoredItem {
  const item = store.getItem(id);
  if (item === undefined) throw new AoliteError('NOT_FOUND', `${what} ${id} is not in this node's log`);
  return item;
}

function node(store: Store, a: StoredAssignment) {
  return {
    message: suItem(mustGetItem(store, a.messageId, 'message')),
    assignment: suItem(mustGetItem(store, a.assignmentId, 'assignment')),
  };
}

function mustGetProcess(store: Store, pid: string): void {
  if (store.getProcess(pid) === undefined) {
    throw new AoliteError('NOT_FOUND', `${pid} is not a process scheduled by this node`);
  }
}

export function registerSuRoutes(app: Hono, deps: SuRouteDeps): void {
  const { store, schedulerReads } = deps;

  app.get(`/processes/:pid{${ID_PARAM}}`, (c) => {
    const pid = c.req.param('pid');
    mustGetProcess(store, pid);
    const item = mustGetItem(store, pid, 'process');
    return c.json(suProcess(item, store.assignmentOf(pid, pid)));
  });

  app.get(`/:pid{${ID_PARAM}}/latest`, (c) => {
    const pid = c.req.param('pid');
    mustGetProcess(store, pid);
    const latest = store.latestAssignment(pid);
    if (latest === undefined) throw new AoliteError('NOT_FOUND', `process ${pid} has no assignments`);
    return c.json(node(store, latest));
  });

  app.get(`/:id{${ID_PARAM}}`, (c) => {
    const id = c.req.param('id');
    const processId = c.req.query('process-id');
    if (processId !== undefined && processId !== '' && processId !== id) {
      // A message (or an Assignment item) of a process.
      mustGetProcess(store, processId);
      const byAssignment = () => {
        const found = store.assignmentById(id);
        return found?.processId === processId ? found : undefined;
      };
      const assignment = store.assignmentOf(processId, id) ?? byAssignment();
      if (assignment === undefined) {
        throw new AoliteError('NOT_FOUND', `message ${id} is not assigned to process ${processId}`);
      }
      return c.json(node(store, assignment));
    }
    if (store.getProcess(id) === undefined) {
      // Not a process: a message (its first assignment) or an Assignment item, as the reference SU reads
      // any id it scheduled.
      const assignment = store.assignmentsOfMessage(id)[0] ?? store.assignmentById(id);
      if (assignment === undefined) {
        throw new AoliteError(
          'NOT_FOUND',
          `${id} is not a process, a message or an assignment scheduled by this node`,
        );
      }
      return c.json(node(store, assignment));
    }
    const limit = intParam('limit', c.req.query('limit'), 1, MAX_SU_LIMIT) ?? DEFAULT_SU_LIMIT;
    const query: Parameters<SchedulerReads['assignmentsPage']>[0] = {
      processId: id,
      limit,
      wholeMilliseconds: true,
    };
    const max = Number.MAX_SAFE_INTEGER;
    const fromSlot = intParam('from-nonce', c.req.query('from-nonce'), 0, max);
    const toSlot = intParam('to-nonce', c.req.query('to-nonce'), 0, max);
    const fromTimestamp = intParam('from', c.req.query('from'), 0, max);
    const toTimestamp = intParam('to', c.req.query('to'), 0, max);
    if (fromSlot !== undefined) query.fromSlot = fromSlot;
    if (toSlot !== undefined) query.toSlot = toSlot;
    if (fromTimestamp !== undefined) query.fromTimestamp = fromTimestamp;
    if (toTimestamp !== undefined) query.toTimestamp = toTimestamp;
    const { assignments, hasNextPage } = schedulerReads.assignmentsPage(query);
    return c.json({
      page_info: { has_next_page: hasNextPage },
      edges: assignments.map((a) => ({ cursor: String(a.timestamp), node: node(store, a) })),
    });
  });
}
