import type { Hono } from 'hono';
import { type Compute, decodeStoredResult, type Evaluation, encodeResult } from '../../compute/index.js';
import { AoliteError } from '../../core/errors.js';
import type { EvalResult } from '../../runtime/types.js';

export interface CuRouteDeps {
  compute: Compute;
  /**
   * A test of whether the message at a slot of the process is its cron tick (the scheduler assigns ticks
   * as slots); made once per request.
   */
  cronTicksOf: (processId: string) => (messageId: string) => boolean;
  /** The highest slot of the process stamped at or before `timestamp` (ms), if any. */
  lastSlotAtOrBefore: (processId: string, timestamp: number) => number | undefined;
  /** Largest accepted dry-run body, bytes. */
  maxBodyBytes: number;
}

function processIdOf(value: string | undefined): string {
  if (value === undefined || value === '') {
    throw new AoliteError(
      'BAD_REQUEST',
      'the process-id query parameter is required (?process-id=<process id>)',
    );
  }
  return value;
}

function integerParam(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new AoliteError('BAD_REQUEST', `${name} must be an integer ${range}, got "${value}"`);
  }
  return n;
}

/** `/results` cursors: opaque to clients, the slot inside (base64url of `slot:<n>`). */
export function encodeResultCursor(slot: number): string {
  return Buffer.from(`slot:${slot}`).toString('base64url');
}

export function decodeResultCursor(name: string, cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^slot:(\d+)$/.exec(text);
  const slot = match ? Number(match[1]) : Number.NaN;
  if (!Number.isSafeInteger(slot)) {
    throw new AoliteError('BAD_REQUEST', `${name} is not a cursor from this node's /results: "${cursor}"`);
  }
  return slot;
}

/** The `/result` reply: the reference CU's shape (Error only when there is one). */
function resultBody(result: EvalResult): Record<string, unknown> {
  const body: Record<string, unknown> = {
    Messages: result.Messages,
    Assignments: result.Assignments,
    Spawns: result.Spawns,
    Output: result.Output,
    GasUsed: result.GasUsed,
  };
  if (result.Error !== undefined) body.Error = result.Error;
  return body;
}

function edge(evaluation: Evaluation) {
  const { Messages, Assignments, Spawns, Output } = evaluation.result;
  const node: Record<string, unknown> = { Messages, Assignments, Spawns, Output };
  if (evaluation.result.Error !== undefined) node.Error = evaluation.result.Error;
  return { cursor: encodeResultCursor(evaluation.slot), node };
}

/** The ao CU routes (AO-PROTOCOL.md): /result, /results, /dry-run, plus /state. Thin over Compute. */
export function registerCuRoutes(app: Hono, deps: CuRouteDeps): void {
  const { compute } = deps;

  app.get('/result/:messageId', async (c) => {
    const processId = processIdOf(c.req.query('process-id'));
    const evaluation = await compute.resultOf(processId, { messageId: c.req.param('messageId') });
    return c.json(resultBody(evaluation.result));
  });

  // CU /cron/:pid: the results of the process's cron messages, in the /results page shape. Cron ticks
  // are slots here (assigned by the scheduler), so this is /results filtered to the tick slots.
  app.get('/cron/:processId', async (c) => {
    const processId = c.req.param('processId');
    // Any positive limit, as /results; a page holds at most 1000.
    const limit = Math.min(
      integerParam('limit', c.req.query('limit'), 1, Number.MAX_SAFE_INTEGER) ?? 25,
      1000,
    );
    const isCronTick = deps.cronTicksOf(processId);
    // `from`/`to` are this route's cursors, or timestamps (ms) as the reference CU takes them: after
    // `from` (exclusive), up to `to` (inclusive).
    const bound = (name: 'from' | 'to'): number | undefined => {
      const value = c.req.query(name);
      if (value === undefined || !/^\d+$/.test(value)) return decodeResultCursor(name, value);
      const slot = deps.lastSlotAtOrBefore(processId, Number(value));
      return slot ?? (name === 'from' ? undefined : -1);
    };
    const toSlot = bound('to');
    let fromSlot = bound('from');
    const edges: ReturnType<typeof edge>[] = [];
    let hasNextPage = false;
    for (;;) {
      const page = await compute.results(processId, { fromSlot, toSlot, limit: 1000 });
      for (const evaluation of page.evaluations) {
        if (!isCronTick(evaluation.messageId)) continue;
        if (edges.length === limit) {
          hasNextPage = true;
          break;
        }
        edges.push(edge(evaluation));
      }
      const last = page.evaluations.at(-1);
      if (hasNextPage || !page.hasNextPage || last === undefined) break;
      fromSlot = last.slot;
    }
    return c.json({ pageInfo: { hasNextPage }, edges });
  });

  app.get('/results/:processId', async (c) => {
    const sort = (c.req.query('sort') ?? 'ASC').toUpperCase();
    if (sort !== 'ASC' && sort !== 'DESC') {
      throw new AoliteError('BAD_REQUEST', `sort must be ASC or DESC, got "${c.req.query('sort')}"`);
    }
    const page = await compute.results(c.req.param('processId'), {
      fromSlot: decodeResultCursor('from', c.req.query('from')),
      toSlot: decodeResultCursor('to', c.req.query('to')),
      descending: sort === 'DESC',
      // Any positive limit, as the reference CU takes it; a page holds at most 1000 (compute caps it).
      limit: integerParam('limit', c.req.query('limit'), 1, Number.MAX_SAFE_INTEGER) ?? 25,
    });
    return c.json({ pageInfo: { hasNextPage: page.hasNextPage }, edges: page.evaluations.map(edge) });
  });

  app.post('/dry-run', async (c) => {
    const processId = processIdOf(c.req.query('process-id'));
    const text = await c.req.text();
    if (Buffer.byteLength(text) > deps.maxBodyBytes) {
      throw new AoliteError(
        'PAYLOAD_TOO_LARGE',
        `the dry-run body is larger than ${deps.maxBodyBytes} bytes`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new AoliteError('BAD_REQUEST', `the dry-run body is not JSON: ${(error as Error).message}`);
    }
    const slot = integerParam('slot', c.req.query('slot'), 0, Number.MAX_SAFE_INTEGER);
    const result = await compute.dryRun(
      processId,
      body as Record<string, unknown>,
      slot === undefined ? {} : { slot },
    );
    // The shape /result serves: the stored results' canonical key order, not the Lua tables' order.
    return c.json(resultBody(decodeStoredResult(encodeResult(result))));
  });

  app.get('/state/:processId', async (c) => {
    const path = c.req.query('path');
    if (path === undefined || path === '') {
      throw new AoliteError('BAD_REQUEST', 'the path query parameter is required, e.g. ?path=Balances');
    }
    const slot = integerParam('slot', c.req.query('slot'), 0, Number.MAX_SAFE_INTEGER);
    const state = await compute.state(c.req.param('processId'), path, slot === undefined ? {} : { slot });
    c.header('aolite-slot', String(state.slot));
    return c.json(state.value as never);
  });
}
