import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { AoliteError } from '../core/errors.js';
import type { ResultStore } from '../store/results.js';
import type { Store } from '../store/types.js';
import { type EvaluatedSlot, resultRecords } from './evaluate.js';
import type { ResultWriterReply, ResultWriterRequest } from './result-writer-protocol.js';
import { startWorker } from './worker-thread.js';

/**
 * Write-behind for results: the evaluating thread hands each batch of raw results (evaluate.ts
 * `evaluateSlotsRaw`) to a second thread, which decodes, encodes and hashes them and appends them on its
 * own connection (compute/result-writer-worker.ts), while this thread evaluates the next batch. The rows
 * are the ones `evaluateSlots` would give (the same code), appended with the same continuity check, one
 * transaction per batch; a batch is answered once it is committed.
 *
 * One thread per node process, shared by every writer; each writer has its own connection there, opened
 * when the writer is created and closed with it. If the thread dies, or cannot open the database, every
 * batch it had not answered is stored here (what it had committed is skipped, by slot) and the writer
 * stores inline from then on.
 */
export interface ResultWriter {
  /**
   * Stores the results of consecutive slots of one process, which must follow what it stored (or was
   * handed) before. Resolves once they are committed; rejects as ResultStore.append does, with nothing of
   * the batch stored.
   */
  store(processId: string, slots: EvaluatedSlot[]): Promise<void>;
  /** Closes its connection (after the batches handed over). Call once nothing is pending. */
  close(): void;
}

/** Stores each batch at once on this thread. */
export function createInlineResultWriter(results: ResultStore): ResultWriter {
  return {
    store(processId, slots) {
      try {
        results.append(processId, resultRecords(processId, slots));
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    },
    close: () => undefined,
  };
}

interface Thread {
  worker: Worker;
  port: MessagePort;
  /** Answer handlers of the batches sent, by request id. */
  waiting: Map<number, (reply: ResultWriterReply) => void>;
  /** Told once when the thread is gone. */
  onExit: Set<(error: Error) => void>;
}

let shared: Thread | undefined;
let nextId = 1;

function startThread(): Thread {
  const { port1, port2 } = new MessageChannel();
  const worker = startWorker('result-writer-worker', { port: port2 }, [port2]);
  worker.unref();
  const thread: Thread = { worker, port: port1, waiting: new Map(), onExit: new Set() };
  port1.on('message', (reply: ResultWriterReply) => {
    const handle = thread.waiting.get(reply.id);
    if (handle === undefined) return;
    thread.waiting.delete(reply.id);
    if (thread.waiting.size === 0) port1.unref();
    handle(reply);
  });
  // The port keeps the process alive only while a batch waits for its answer.
  port1.unref();
  let error: Error | undefined;
  worker.on('error', (e) => {
    error ??= e;
  });
  worker.on('exit', (code) => {
    const failure = error ?? new Error(`the result writer thread exited (code ${code})`);
    if (shared === thread) shared = undefined;
    thread.waiting.clear();
    port1.close();
    for (const told of thread.onExit) told(failure);
    thread.onExit.clear();
  });
  return thread;
}

/** Calls `handle` with the answer to request `id`; the port keeps the process alive until it comes. */
function expectReply(thread: Thread, id: number, handle: (reply: ResultWriterReply) => void): void {
  thread.waiting.set(id, handle);
  if (thread.waiting.size === 1) thread.port.ref();
}

function replyError(reply: Extract<ResultWriterReply, { error: string }>): Error {
  return reply.code === undefined ? new Error(reply.error) : new AoliteError(reply.code, reply.error);
}

export interface ResultWriterOptions {
  store: Store;
  results: ResultStore;
  /** Told once if the thread failed and this writer went back to storing inline. */
  onFallback?: (error: Error) => void;
}

/**
 * A writer storing on the shared thread, on its own connection to `store`'s database file (inline for an
 * in-memory store, which no other connection can see).
 */
export function createResultWriter(options: ResultWriterOptions): ResultWriter {
  const { store, results } = options;
  const inline = createInlineResultWriter(results);
  if (store.path === ':memory:' || store.path === '') return inline;
  const db = store.orm.$client;
  shared ??= startThread();
  let thread: Thread | undefined = shared;
  const writer = nextId++;
  /** Batches handed over and not yet answered, in the order sent. */
  const pending = new Map<
    number,
    { processId: string; slots: EvaluatedSlot[]; resolve: () => void; reject: (error: unknown) => void }
  >();
  const send = (request: ResultWriterRequest): void => thread?.port.postMessage(request);

  /** Stores here what the thread had not committed of each unanswered batch, in order. */
  const fallBack = (error: Error): void => {
    if (thread === undefined) return;
    thread = undefined;
    const batches = [...pending.values()];
    pending.clear();
    if (options.onFallback !== undefined) options.onFallback(error);
    else if (batches.length > 0)
      console.error(`aolite: storing results without the writer thread: ${error.message}`);
    for (const batch of batches) {
      try {
        const stored = results.latestSlot(batch.processId);
        const rest = batch.slots.filter((s) => s.slot > stored);
        if (rest.length > 0) results.append(batch.processId, resultRecords(batch.processId, rest));
        batch.resolve();
      } catch (e) {
        batch.reject(e);
      }
    }
  };
  thread.onExit.add(fallBack);
  // A writer whose connection cannot be opened there stores inline from the start.
  const opening = nextId++;
  expectReply(thread, opening, (reply) => {
    if ('error' in reply)
      fallBack(new Error(`the result writer thread cannot open the database: ${reply.error}`));
  });
  send({
    kind: 'open',
    id: opening,
    writer,
    path: store.path,
    walAutocheckpoint: Number(db.pragma('wal_autocheckpoint', { simple: true })),
    busyTimeoutMs: Number(db.pragma('busy_timeout', { simple: true })),
  });

  return {
    store(processId, slots) {
      const current = thread;
      if (current === undefined) return inline.store(processId, slots);
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        // Sent first: slots that cannot be sent leave nothing waiting.
        current.port.postMessage({
          kind: 'store',
          id,
          writer,
          processId,
          slots,
        } satisfies ResultWriterRequest);
        pending.set(id, { processId, slots, resolve, reject });
        expectReply(current, id, (reply) => {
          if (!pending.delete(id)) return; // done here meanwhile (the connection could not be opened)
          if ('error' in reply) reject(replyError(reply));
          else resolve();
        });
      });
    },
    close() {
      send({ kind: 'close', writer });
      thread?.onExit.delete(fallBack);
      thread = undefined;
    },
  };
}

/** Stops the shared writer thread (tests; a node process never needs to). Unanswered batches are stored inline. */
export async function stopResultWriter(): Promise<void> {
  const thread = shared;
  shared = undefined;
  if (thread === undefined) return;
  await thread.worker.terminate();
}
