import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCompute } from '../../src/compute/compute.js';
import type { EvaluatedSlot } from '../../src/compute/evaluate.js';
import { createResultWriter, stopResultWriter } from '../../src/compute/result-writer.js';
import { isAoliteError } from '../../src/core/errors.js';
import { loadAosLibrary } from '../../src/runtime/library.js';
import { openStore } from '../../src/store/open.js';
import { createResultStore } from '../../src/store/results.js';
import type { Store } from '../../src/store/types.js';
import { type AosLog, COUNTER_HANDLER, createAosLog } from '../support/aos-log.js';
import { tempDir } from '../support/store-fixtures.js';

const folder = tempDir('aolite-result-writer-');
const library = loadAosLibrary();
let log: AosLog;

/** Counts, replies (outbox messages), prints, Lua errors (rolled back) and a result that is not JSON-safe text. */
function sendMixed(target: AosLog, count: number): void {
  for (let i = 0; i < count; i++) {
    switch (i % 6) {
      case 0:
        target.send([{ name: 'Action', value: 'Count' }], `plain ${i}`);
        break;
      case 1:
        target.sendEval(`print("snow ☃ ${i} \\"quoted\\"")`);
        break;
      case 2:
        target.sendEval(`error("boom ${i}")`);
        break;
      case 3:
        target.send([
          { name: 'Action', value: 'Count' },
          { name: 'Quantity', value: String(i) },
        ]);
        break;
      case 4:
        target.sendEval(`ao.send({ Target = "${'x'.repeat(43)}", Data = "gift ${i}", Action = "Gift" })`);
        break;
      default:
        target.send([{ name: 'Note', value: String(i) }], 'left in the Inbox');
    }
  }
}

beforeAll(() => {
  log = createAosLog({ path: join(folder.dir, 'log.sqlite') });
  log.sendEval(COUNTER_HANDLER);
  sendMixed(log, 300);
});
afterAll(() => {
  log.store.close();
  folder.cleanup();
});

let copies = 0;
/** A store on a copy of the log file. */
function copyOfLog(): Store {
  const path = join(folder.dir, `copy-${copies++}.sqlite`);
  log.store.orm.$client.pragma('wal_checkpoint(TRUNCATE)');
  copyFileSync(log.store.path, path);
  return openStore({ path });
}

type Row = {
  slot: number;
  message_id: string;
  result: string;
  error: string | null;
  gas_used: number;
  hash: string;
};
const rowsOf = (store: Store, processId: string): Row[] =>
  store.orm.$client
    .prepare(
      'SELECT slot, message_id, result, error, gas_used, hash FROM results WHERE process_id = ? ORDER BY slot',
    )
    .all(processId) as Row[];

/** Results of the whole log evaluated with results stored inline (the reference). */
async function inlineRows(): Promise<Row[]> {
  const store = copyOfLog();
  try {
    const compute = createCompute({ store, library, writeBehind: false, batchSize: 16 });
    await compute.catchUp(log.processId);
    await compute.close();
    return rowsOf(store, log.processId);
  } finally {
    store.close();
  }
}

const raw = (slot: number, text: string): EvaluatedSlot => ({
  slot,
  messageId: `message-${slot}`,
  raw: { text, gasUsed: 10 * slot },
});
const OK_TEXT = JSON.stringify({ Output: 'ok', Messages: [], Spawns: [], Assignments: [] });

describe('results stored write-behind', () => {
  it('stores exactly the rows inline evaluation stores: results, hashes, errors and gas, slot by slot', async () => {
    const expected = await inlineRows();
    expect(expected).toHaveLength(log.lastSlot() + 1);
    const errors = expected.filter((r) => r.error !== null).map((r) => r.error);
    expect(errors).toHaveLength(50);
    expect(errors[0]).toMatch(/\[string "aos"\]:1: boom 2$/);
    expect(expected.some((r) => JSON.parse(r.result).Messages.length > 0)).toBe(true);
    const store = copyOfLog();
    try {
      const evaluated: number[] = [];
      const compute = createCompute({
        store,
        library,
        batchSize: 16,
        onEvaluated: (_, slot) => evaluated.push(slot),
      });
      expect(await compute.catchUp(log.processId)).toBe(log.lastSlot());
      await compute.close();
      expect(rowsOf(store, log.processId)).toEqual(expected);
      // Told once per stored batch, in slot order, ending at the last slot.
      expect(evaluated).toEqual([...evaluated].sort((a, b) => a - b));
      expect(evaluated.at(-1)).toBe(log.lastSlot());
      expect(evaluated.length).toBeGreaterThanOrEqual(Math.ceil((log.lastSlot() + 1) / 16));
    } finally {
      store.close();
    }
  });

  it('writes on its own connection: a batch waits while another connection holds the write lock', async () => {
    const store = copyOfLog();
    const db = store.orm.$client;
    const writer = createResultWriter({ store, results: createResultStore(store) });
    try {
      // The log's process has no results in this copy yet.
      db.exec('BEGIN IMMEDIATE');
      let settled = false;
      const stored = writer.store(log.processId, [raw(0, OK_TEXT), raw(1, OK_TEXT)]).finally(() => {
        settled = true;
      });
      await sleep(150);
      expect(settled).toBe(false);
      db.exec('COMMIT');
      await stored;
      const rows = rowsOf(store, log.processId);
      expect(rows.map((r) => [r.slot, r.message_id, r.gas_used, JSON.parse(r.result).Output])).toEqual([
        [0, 'message-0', 0, 'ok'],
        [1, 'message-1', 10, 'ok'],
      ]);
    } finally {
      writer.close();
      store.close();
    }
  });

  it('refuses a batch that does not follow on, storing nothing of it, with the store error', async () => {
    const store = copyOfLog();
    const writer = createResultWriter({ store, results: createResultStore(store) });
    try {
      await writer.store(log.processId, [raw(0, OK_TEXT)]);
      const refused = await writer.store(log.processId, [raw(2, OK_TEXT), raw(3, OK_TEXT)]).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isAoliteError(refused) && refused.code).toBe('CONFLICT');
      expect((refused as Error).message).toBe(`results of ${log.processId} must continue at slot 1, got 2`);
      // Text that is not a result object is stored as an Error result, as inline.
      await writer.store(log.processId, [raw(1, 'not json')]);
      expect(rowsOf(store, log.processId).map((r) => [r.slot, r.error?.slice(0, 40) ?? null])).toEqual([
        [0, null],
        [1, 'process returned a result that is not JS'],
      ]);
    } finally {
      writer.close();
      store.close();
    }
  });

  it('stores inline from the start when the thread cannot open the database', async () => {
    const store = copyOfLog();
    const failures: Error[] = [];
    const missing = join(folder.dir, 'missing', 'log.sqlite');
    const writer = createResultWriter({
      store: { ...store, path: missing },
      results: createResultStore(store),
      onFallback: (error) => failures.push(error),
    });
    try {
      await writer.store(log.processId, [raw(0, OK_TEXT)]);
      await writer.store(log.processId, [raw(1, OK_TEXT), raw(2, OK_TEXT)]);
      expect(rowsOf(store, log.processId).map((r) => r.slot)).toEqual([0, 1, 2]);
      expect(failures.map((e) => e.message)).toEqual([
        'the result writer thread cannot open the database: Cannot open database because the directory does not exist',
      ]);
    } finally {
      writer.close();
      store.close();
    }
  });

  it('refuses a batch with UNAVAILABLE, as inline, when the database stays locked past the busy timeout', async () => {
    const store = copyOfLog();
    const db = store.orm.$client;
    db.pragma('busy_timeout = 100'); // the writer's connection takes the store's
    const writer = createResultWriter({ store, results: createResultStore(store) });
    try {
      db.exec('BEGIN IMMEDIATE');
      const refused = await writer.store(log.processId, [raw(0, OK_TEXT)]).then(
        () => undefined,
        (error: unknown) => error,
      );
      db.exec('COMMIT');
      expect(isAoliteError(refused) && refused.code).toBe('UNAVAILABLE');
      expect(rowsOf(store, log.processId)).toEqual([]);
      await writer.store(log.processId, [raw(0, OK_TEXT)]);
      expect(rowsOf(store, log.processId).map((r) => r.slot)).toEqual([0]);
    } finally {
      writer.close();
      store.close();
    }
  });

  it('fails the evaluation when a batch is refused, and drops the runtime that got ahead of the store', async () => {
    const own = createAosLog({ path: join(folder.dir, 'refused.sqlite') });
    try {
      own.sendEval(COUNTER_HANDLER);
      for (let i = 0; i < 20; i++) own.send([{ name: 'Action', value: 'Count' }]);
      const compute = createCompute({ store: own.store, library, batchSize: 16 });
      const head = await compute.catchUp(own.processId);
      expect(head).toBe(own.lastSlot());
      expect(compute.engines().count).toBe(1);
      // Someone else stores the next slot's result behind the compute unit's back.
      createResultStore(own.store).append(own.processId, [
        {
          processId: own.processId,
          slot: head + 1,
          messageId: 'x',
          result: '{}',
          error: null,
          gasUsed: 0,
          hash: 'h',
        },
      ]);
      own.send([{ name: 'Action', value: 'Count' }]);
      own.send([{ name: 'Action', value: 'Count' }]);
      const failure = await compute.catchUp(own.processId).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isAoliteError(failure) && failure.code).toBe('CONFLICT');
      expect((failure as Error).message).toBe(
        `results of ${own.processId} must continue at slot ${head + 2}, got ${head + 1}`,
      );
      expect(compute.engines().count).toBe(0);
      expect(
        rowsOf(own.store, own.processId)
          .map((r) => r.message_id)
          .slice(-1),
      ).toEqual(['x']);
      await compute.close();
    } finally {
      own.store.close();
    }
  });

  it('stores every batch the thread had not answered when the thread dies, none twice and without a gap', async () => {
    const expected = await inlineRows();
    const store = copyOfLog();
    const told = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      let stopping: Promise<void> | undefined;
      const compute = createCompute({
        store,
        library,
        batchSize: 8,
        onEvaluated: () => {
          stopping ??= stopResultWriter();
        },
      });
      expect(await compute.catchUp(log.processId)).toBe(log.lastSlot());
      await stopping;
      await compute.close();
      expect(rowsOf(store, log.processId)).toEqual(expected);
      // Batches were waiting for an answer when the thread went: the writer said so, once.
      expect(told).toHaveBeenCalledTimes(1);
      expect(String(told.mock.calls[0]![0])).toMatch(
        /^aolite: storing results without the writer thread: the result writer thread exited/,
      );
    } finally {
      told.mockRestore();
      store.close();
    }
  });
});
