import { setImmediate as yieldToLoop } from 'node:timers/promises';
import PQueue from 'p-queue';
import { AoliteError, isAoliteError } from '../core/errors.js';
import { libraryFingerprint } from '../runtime/fingerprint.js';
import { loadAosLibrary } from '../runtime/library.js';
import { createProcessRuntime, type ProcessRuntime } from '../runtime/process-runtime.js';
import type { EvalResult } from '../runtime/types.js';
import { createResultStore } from '../store/results.js';
import { dryRunMessage } from './dry-run-message.js';
import { createEngineCache, type LiveEngine } from './engine-cache.js';
import { evaluateSlotsRaw, replaySlots, resultRecords } from './evaluate.js';
import { loadProcessContext } from './process-context.js';
import { deferred, type Entry, newEntry } from './process-entry.js';
import { createInlineResultWriter, createResultWriter } from './result-writer.js';
import { createSlotReader } from './slot-reader.js';
import { parseStatePath, stateValue } from './state-path.js';
import { evaluationOf, slotOfResult, storedResultOf } from './stored-result.js';
import type { Compute, ComputeDeps, Evaluation, ResultsQuery } from './types.js';

const DEFAULT_BATCH = 256;
/** Batches evaluated ahead of the last one stored. */
const MAX_WRITES_BEHIND = 1;
const MAX_RESULTS_LIMIT = 1000;
/** Most slots a read replays from a checkpoint instead of waiting behind a running catch-up. */
const MAX_REBUILD_WHILE_BUSY = 1000;

export function createCompute(deps: ComputeDeps): Compute {
  const { store } = deps;
  const results = deps.results ?? createResultStore(store);
  const writer =
    deps.results === undefined && deps.writeBehind !== false
      ? createResultWriter({ store, results })
      : createInlineResultWriter(results);
  const library = deps.library ?? loadAosLibrary();
  const libraryHash = libraryFingerprint(library);
  const readSlots = createSlotReader(store, library.input, deps.readAhead);
  const baseCreateRuntime = deps.createRuntime ?? createProcessRuntime;
  const rebaseEvery = Math.max(1, Math.trunc(deps.rebaseEvery ?? 1024));
  const createRuntime: typeof createProcessRuntime = (options) =>
    baseCreateRuntime({ rebaseEvery, ...options });
  const batchSize = Math.max(1, Math.trunc(deps.batchSize ?? DEFAULT_BATCH));
  const batchBudgetMs = Math.max(0, deps.batchBudgetMs ?? 50);
  const timer = deps.timer ?? (() => performance.now());
  const onError =
    deps.onError ??
    ((processId: string, error: unknown) =>
      console.error(`aolite: evaluating process ${processId} failed:`, error));

  const entries = new Map<string, Entry>();
  const kicked = new Set<string>();
  const queue = new PQueue({ concurrency: Math.max(1, deps.concurrency ?? 2) });
  let closed = false;

  const cache = createEngineCache({
    maxEngines: Math.max(1, deps.maxEngines ?? 64),
    maxBytes: deps.maxEngineBytes ?? 2 * 1024 ** 3,
    isPinned: (processId) => (entries.get(processId)?.busy ?? 0) > 0,
    onEvict: (engine) => deps.onEvict?.(engine),
  });

  const assertOpen = (): void => {
    if (closed) throw new AoliteError('UNAVAILABLE', 'compute is closed');
  };

  const entryOf = (processId: string): Entry => {
    let entry = entries.get(processId);
    if (entry === undefined) {
      const context = loadProcessContext(store, processId, libraryHash);
      entry = newEntry(context, results.latestSlot(processId));
      entries.set(processId, entry);
    }
    return entry;
  };

  /** Runs `fn` alone for this process (after every earlier operation on it). */
  const exclusive = <T>(entry: Entry, fn: () => Promise<T> | T): Promise<T> => {
    const run = entry.tail.then(async () => {
      entry.busy++;
      try {
        return await fn();
      } finally {
        entry.busy--;
        if (entry.busy === 0) cache.trim();
      }
    });
    entry.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  /** A runtime holding the state after `slot`, from a saved state or genesis plus replay. Caller owns it. */
  const rebuild = async (entry: Entry, slot: number): Promise<{ runtime: ProcessRuntime; slot: number }> => {
    const { processId, limits } = entry.context;
    const saved = slot >= 0 ? await deps.stateSource?.latestAtOrBelow(processId, slot) : undefined;
    if (saved !== undefined && saved.slot > slot) {
      throw new AoliteError('INTERNAL', `state source gave slot ${saved.slot} for at-or-below ${slot}`);
    }
    const runtime = await createRuntime(
      saved === undefined ? { library, limits } : { library, limits, snapshot: saved.memory },
    );
    let at = saved?.slot ?? -1;
    try {
      while (at < slot) {
        assertOpen();
        at = replaySlots(readSlots, results, entry.context, runtime, at + 1, slot, batchSize);
        if (at < slot) await yieldToLoop();
      }
    } catch (error) {
      runtime.close();
      throw error;
    }
    return { runtime, slot: at };
  };

  /** The cached engine at the last stored slot, rebuilt if evicted. Call under the process lock. */
  const acquire = async (entry: Entry): Promise<LiveEngine> => {
    const { processId } = entry.context;
    const live = cache.get(processId);
    if (live !== undefined && live.slot === entry.evaluated) return live;
    if (live !== undefined) cache.discard(processId);
    const { runtime, slot } = await rebuild(entry, entry.evaluated);
    const engine: LiveEngine = { processId, runtime, slot, bytes: 0 };
    cache.put(engine);
    return engine;
  };

  /** The results of `fromSlot`…`slot` were committed (the write of one batch). */
  const storedUpTo = (entry: Entry, fromSlot: number, slot: number): void => {
    entry.evaluated = slot;
    const stored = entry.stored;
    entry.stored = deferred();
    stored.resolve();
    deps.onEvaluated?.(entry.context.processId, slot, fromSlot);
  };

  /**
   * Evaluates and stores every assigned slot, batch by batch: a batch is stored (write-behind,
   * compute/result-writer.ts) while the next one is evaluated, at most MAX_WRITES_BEHIND batches behind.
   * Returns once every batch is stored. Call under the process lock.
   */
  const evaluateToHead = async (entry: Entry): Promise<number> => {
    const { processId } = entry.context;
    const engine = await acquire(entry);
    const writes: Promise<void>[] = [];
    let failure: { error: unknown } | undefined;
    try {
      while (!closed) {
        const started = timer();
        const slots = evaluateSlotsRaw(
          readSlots,
          entry.context,
          engine.runtime,
          engine.slot + 1,
          batchSize,
          () => timer() - started > batchBudgetMs,
        );
        if (slots.length === 0) break;
        const last = slots[slots.length - 1]!.slot;
        engine.slot = last;
        const first = slots[0]!.slot;
        const write = writer.store(processId, slots).then(() => storedUpTo(entry, first, last));
        write.catch(() => undefined); // awaited below; a refusal must not surface as unhandled meanwhile
        writes.push(write);
        cache.measure(processId);
        if (deps.checkpointPolicy !== undefined) {
          try {
            // A checkpoint may get ahead of the stored results: a restart restores one at or below them.
            await deps.checkpointPolicy({
              processId,
              slot: last,
              runtime: engine.runtime,
              slots: slots.length,
              evaluatedMs: timer() - started,
              resultHash: () => resultRecords(processId, slots.slice(-1))[0]!.hash,
            });
          } catch (error) {
            onError(processId, error); // a failed checkpoint costs a longer replay later, nothing else
          }
        }
        if (writes.length > MAX_WRITES_BEHIND) await writes.shift();
        await yieldToLoop();
      }
    } catch (error) {
      failure = { error };
    }
    for (const write of writes) {
      try {
        await write;
      } catch (error) {
        failure ??= { error };
      }
    }
    entry.inflight = undefined;
    if (failure !== undefined) {
      // The runtime is ahead of the stored results: drop it; the next run rebuilds.
      cache.discard(processId);
      throw failure.error;
    }
    return entry.evaluated;
  };

  /** Single flight: joins the running catch-up of the process or starts one. */
  const catchUpEntry = (entry: Entry): Promise<number> => {
    if (entry.inflight !== undefined) return entry.inflight;
    const run = exclusive(entry, () => evaluateToHead(entry));
    entry.inflight = run;
    run.then(
      () => {
        if (entry.inflight === run) entry.inflight = undefined;
      },
      () => {
        if (entry.inflight === run) entry.inflight = undefined;
      },
    );
    return run;
  };

  const lastAssigned = (processId: string): number => store.latestAssignment(processId)?.slot ?? -1;

  /** Evaluates until `slot` is stored (joining or starting catch-ups as needed). */
  const ensureEvaluated = async (entry: Entry, slot: number): Promise<void> => {
    const { processId } = entry.context;
    while (entry.evaluated < slot) {
      assertOpen();
      const head = lastAssigned(processId);
      if (slot > head) {
        throw new AoliteError(
          'NOT_FOUND',
          `process ${processId} has no slot ${slot} (its latest is ${head})`,
          {
            processId,
            slot,
          },
        );
      }
      // Wake up at the first stored batch that covers the slot, not at the end of the whole catch-up.
      await Promise.race([catchUpEntry(entry), entry.stored.promise]);
    }
  };

  const toEvaluation = (processId: string, slot: number, row = results.at(processId, slot)): Evaluation => {
    if (row === undefined)
      throw new AoliteError('INTERNAL', `result of slot ${slot} of ${processId} is missing`);
    return evaluationOf(processId, slot, row);
  };

  /** A throwaway runtime holding the state after `slot` (≤ evaluated). The caller closes it. */
  /**
   * Whether a read at `slot` should rebuild from the nearest checkpoint rather than wait for the process,
   * held by a running catch-up (which may be a long backlog): only when that replays at most
   * MAX_REBUILD_WHILE_BUSY slots, so a read never costs more than a bounded replay or the old wait.
   */
  const rebuildRatherThanWait = (entry: Entry, slot: number): boolean => {
    if (entry.busy === 0 || deps.stateSource?.slotAtOrBelow === undefined) return false;
    const from = deps.stateSource.slotAtOrBelow(entry.context.processId, slot) ?? -1;
    return slot - from <= MAX_REBUILD_WHILE_BUSY;
  };

  const runtimeAt = async (entry: Entry, slot: number): Promise<ProcessRuntime> => {
    // The live engine is copied when it is at that slot, once nothing else holds the process.
    const copy = rebuildRatherThanWait(entry, slot)
      ? undefined
      : await exclusive(entry, async () => {
          const live = cache.get(entry.context.processId);
          return live !== undefined && live.slot === slot ? live.runtime.snapshot() : undefined;
        });
    if (copy !== undefined) {
      return createRuntime({ library, limits: entry.context.limits, snapshot: copy });
    }
    return (await rebuild(entry, slot)).runtime;
  };

  /**
   * A throwaway runtime after `slot`, or by default at the head: after catching up, or, while a catch-up
   * is running, at the slot evaluated so far (a read does not wait for a whole backlog). Caller closes it.
   */
  const copyAt = async (
    entry: Entry,
    slot: number | undefined,
  ): Promise<{ slot: number; runtime: ProcessRuntime }> => {
    if (slot === undefined && entry.evaluated >= 0 && rebuildRatherThanWait(entry, entry.evaluated)) {
      const evaluated = entry.evaluated;
      return { slot: evaluated, runtime: await runtimeAt(entry, evaluated) };
    }
    if (slot === undefined) {
      await catchUpEntry(entry);
      const head = await exclusive(entry, async () => {
        const engine = await acquire(entry);
        return { slot: engine.slot, memory: engine.runtime.snapshot() };
      });
      const runtime = await createRuntime({ library, limits: entry.context.limits, snapshot: head.memory });
      return { slot: head.slot, runtime };
    }
    if (!Number.isSafeInteger(slot) || slot < 0) {
      throw new AoliteError('BAD_REQUEST', `slot must be a non-negative integer, got ${slot}`);
    }
    await ensureEvaluated(entry, slot);
    return { slot, runtime: await runtimeAt(entry, slot) };
  };

  const clockOf = (processId: string, slot: number) => {
    const assignment = store.assignmentsBySlot(processId, { fromSlot: slot, toSlot: slot, limit: 1 })[0];
    if (assignment === undefined)
      throw new AoliteError('INTERNAL', `process ${processId} has no slot ${slot}`);
    return { timestamp: assignment.timestamp, blockHeight: assignment.blockHeight };
  };

  return {
    async resultOf(processId, at) {
      assertOpen();
      // An unknown process falls through to entryOf's error.
      const stored = storedResultOf(store, results, processId, at);
      if (stored?.evaluation !== undefined) return stored.evaluation;
      const entry = entryOf(processId);
      const slot = stored?.slot ?? slotOfResult(store, processId, at);
      await ensureEvaluated(entry, slot);
      return toEvaluation(processId, slot);
    },

    async results(processId, query: ResultsQuery = {}) {
      assertOpen();
      try {
        await catchUpEntry(entryOf(processId));
      } catch (error) {
        // A process this node cannot run (its module's format or library, a limit tag) still lists what
        // was stored for it.
        const cannotRun = isAoliteError(error) && error.code === 'BAD_REQUEST';
        if (!cannotRun || store.getProcess(processId) === undefined) throw error;
      }
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? 25), 1), MAX_RESULTS_LIMIT);
      const descending = query.descending === true;
      const rows = results.page(processId, {
        descending,
        withoutError: true,
        limit: limit + 1,
        afterSlot: query.fromSlot,
        beforeSlot: query.toSlot === undefined ? undefined : query.toSlot + 1,
      });
      return {
        hasNextPage: rows.length > limit,
        evaluations: rows.slice(0, limit).map((row) => evaluationOf(processId, row.slot, row)),
      };
    },

    async dryRun(processId, input, options = {}) {
      assertOpen();
      const entry = entryOf(processId);
      const { env } = entry.context;
      if (options.slot === undefined) {
        await catchUpEntry(entry);
        return exclusive(entry, async (): Promise<EvalResult> => {
          const engine = await acquire(entry);
          const clock = engine.slot >= 0 ? clockOf(processId, engine.slot) : { timestamp: 0, blockHeight: 0 };
          return engine.runtime.dryRun(dryRunMessage(input, processId, clock), env);
        });
      }
      const { slot, runtime } = await copyAt(entry, options.slot);
      try {
        return runtime.dryRun(dryRunMessage(input, processId, clockOf(processId, slot)), env);
      } finally {
        runtime.close();
      }
    },

    async state(processId, path, options = {}) {
      assertOpen();
      const keys = parseStatePath(path);
      const entry = entryOf(processId);
      const { slot, runtime } = await copyAt(entry, options.slot);
      try {
        return { slot, value: stateValue(processId, keys, slot, runtime.readState(keys)) };
      } finally {
        runtime.close();
      }
    },

    async catchUp(processId) {
      assertOpen();
      const entry = entryOf(processId);
      while (lastAssigned(processId) > entry.evaluated) {
        assertOpen();
        await catchUpEntry(entry);
      }
      return entry.evaluated;
    },

    notify(processId) {
      if (closed || kicked.has(processId)) return;
      kicked.add(processId);
      void queue.add(async () => {
        await null; // never inside the caller's (scheduler's) transaction
        kicked.delete(processId);
        if (closed) return;
        try {
          const entry = entryOf(processId);
          while (!closed && lastAssigned(processId) > entry.evaluated) await catchUpEntry(entry);
        } catch (error) {
          // A process this node cannot run (module not here, bad limit tag) says so when it is read.
          if (isAoliteError(error) && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) return;
          onError(processId, error);
        }
      });
    },

    idle: () => queue.onIdle(),
    pending: () => queue.size + queue.pending,

    engines: () => ({ count: cache.size, bytes: cache.bytes }),

    async close() {
      if (closed) return;
      closed = true;
      queue.clear();
      await queue.onIdle();
      await Promise.all([...entries.values()].map((entry) => entry.tail));
      cache.clear();
      readSlots.close();
      writer.close();
    },
  };
}
