import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessageInput } from '../runtime/message-plan.js';
import { unpackSlots } from './planned-batch.js';
import type { ReadAheadReply, ReadAheadRequest } from './read-ahead-protocol.js';
import type { PlannedSlot, PlannedSlotReader, SlotOwner } from './slot-plans.js';

/**
 * Read-ahead: while this thread evaluates a batch of slots, a second thread reads the next batch from the
 * log and plans its messages (compute/read-ahead-worker.ts), so evaluation spends its time in Lua, not in
 * SQLite and message building. The reader stays synchronous: a batch that is not there yet is waited for
 * (Atomics.wait on a counter the thread bumps after each reply), one that was never asked for is read
 * here (`inline`). A batch read ahead holds the same plans the inline reader gives (the same code on the
 * same committed rows; the log is append-only), so evaluation does not depend on which thread read it.
 *
 * One thread per node process, shared by every reader (it opens one read-only connection per database
 * file); started on the first reader, never keeping the process alive. If it fails or does not answer in
 * time, readers fall back to reading inline for good.
 */
export interface ReadAheadOptions {
  /** The database file (not ':memory:'). */
  path: string;
  input: MessageInput;
  /** Reads on this thread: the first batch of a run, and whenever the read-ahead is not usable. */
  inline: PlannedSlotReader;
  /** Told once if the read-ahead thread failed and this reader went back to reading inline. */
  onFallback?: (error: Error) => void;
  /** How long a read waits for a batch already asked for (ms). Default 10,000. */
  waitMs?: number;
}

interface Thread {
  port: MessagePort;
  signal: Int32Array;
  worker: Worker;
  /** Replies received while waiting for another one, by request id. */
  parked: Map<number, ReadAheadReply>;
  /** Requests whose replies nobody will collect: dropped when they come. */
  abandoned: Set<number>;
  failure: Error | undefined;
}

let shared: Thread | undefined;
let nextId = 1;

function startThread(): Thread {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const workerData = { port: port2, signal };
  const fromSource = import.meta.url.endsWith('.ts');
  const worker = fromSource
    ? new Worker(new URL('./ts-worker.mjs', import.meta.url), {
        workerData: { ...workerData, module: new URL('./read-ahead-worker.ts', import.meta.url).href },
        transferList: [port2],
      })
    : new Worker(new URL('./read-ahead-worker.js', import.meta.url), { workerData, transferList: [port2] });
  worker.unref();
  port1.unref();
  const thread: Thread = {
    port: port1,
    signal,
    worker,
    parked: new Map(),
    abandoned: new Set(),
    failure: undefined,
  };
  const fail = (error: Error): void => {
    thread.failure ??= error;
    if (shared === thread) shared = undefined;
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the read-ahead thread exited (code ${code})`)));
  return thread;
}

function threadFor(): Thread {
  shared ??= startThread();
  return shared;
}

const ready = (thread: Thread): boolean =>
  thread.failure === undefined && Atomics.load(thread.signal, 1) === 1;

/** Waits for the reply to request `id` (blocking this thread at most `waitMs`). */
function awaitReply(thread: Thread, id: number, waitMs: number): ReadAheadReply {
  const deadline = performance.now() + waitMs;
  for (;;) {
    const parked = thread.parked.get(id);
    if (parked !== undefined) {
      thread.parked.delete(id);
      return parked;
    }
    const seen = Atomics.load(thread.signal, 0);
    const received = receiveMessageOnPort(thread.port);
    if (received !== undefined) {
      const reply = received.message as ReadAheadReply;
      if (reply.id === id) return reply;
      if (!thread.abandoned.delete(reply.id)) thread.parked.set(reply.id, reply);
      continue;
    }
    if (thread.failure !== undefined) throw thread.failure;
    const left = deadline - performance.now();
    if (left <= 0) throw new Error(`the read-ahead thread did not answer within ${waitMs} ms`);
    Atomics.wait(thread.signal, 0, seen, left);
  }
}

interface Pending {
  id: number;
  processId: string;
  fromSlot: number;
  limit: number;
}

interface Ahead {
  processId: string;
  fromSlot: number;
  slots: PlannedSlot[];
}

/** A read-ahead reader, with how many slots it served from batches read ahead and read inline. */
export interface ReadAheadReader extends PlannedSlotReader {
  readonly stats: { readAhead: number; inline: number };
  /** True while it still reads ahead (false after a fallback or close). */
  active(): boolean;
}

export function createReadAheadReader(options: ReadAheadOptions): ReadAheadReader {
  const { path, input, inline } = options;
  const waitMs = options.waitMs ?? 10_000;
  let thread: Thread | undefined = threadFor();
  let pending: Pending | undefined;
  let ahead: Ahead | undefined;
  const stats = { readAhead: 0, inline: 0 };
  const send = (request: ReadAheadRequest): void => thread?.port.postMessage(request);
  send({ kind: 'open', path });

  const giveUp = (error: Error): void => {
    if (thread === undefined) return;
    thread = undefined;
    pending = undefined;
    ahead = undefined;
    (options.onFallback ?? ((e) => console.error(`aolite: reading slots without read-ahead: ${e.message}`)))(
      error,
    );
  };

  const drop = (id: number): void => {
    if (thread === undefined) return;
    if (!thread.parked.delete(id)) thread.abandoned.add(id);
  };

  /** Collects the batch asked for, if it covers `fromSlot` of the process. */
  const collect = (processId: string, fromSlot: number): void => {
    const asked = pending;
    if (asked === undefined || thread === undefined) return;
    pending = undefined;
    if (
      asked.processId !== processId ||
      fromSlot < asked.fromSlot ||
      fromSlot >= asked.fromSlot + asked.limit
    ) {
      drop(asked.id);
      return;
    }
    try {
      const reply = awaitReply(thread, asked.id, waitMs);
      if ('error' in reply) throw new Error(reply.error);
      ahead = { processId, fromSlot: asked.fromSlot, slots: unpackSlots(reply.packed) };
    } catch (error) {
      giveUp(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const askFor = (owner: SlotOwner, fromSlot: number, limit: number): void => {
    if (thread === undefined || pending !== undefined) return;
    if (!ready(thread)) {
      if (thread.failure !== undefined) giveUp(thread.failure);
      return;
    }
    const id = nextId++;
    pending = { id, processId: owner.processId, fromSlot, limit };
    send({ kind: 'read', id, path, input, owner, fromSlot, limit });
  };

  return {
    stats,
    active: () => thread !== undefined,
    read(owner, fromSlot, limit) {
      collect(owner.processId, fromSlot);
      let out: PlannedSlot[] = [];
      if (ahead !== undefined && ahead.processId === owner.processId) {
        const offset = fromSlot - ahead.fromSlot;
        if (offset >= 0 && offset < ahead.slots.length) out = ahead.slots.slice(offset, offset + limit);
        if (offset + out.length >= ahead.slots.length) ahead = undefined;
        stats.readAhead += out.length;
      }
      if (out.length < limit) {
        // Not read ahead (or the log had ended when it was): read the rest here.
        const rest = inline.read(owner, fromSlot + out.length, limit - out.length);
        stats.inline += rest.length;
        out = out.length === 0 ? rest : out.concat(rest);
      }
      // A full batch: the caller is likely to want the next one.
      if (out.length === limit) askFor(owner, fromSlot + limit, limit);
      return out;
    },
    close() {
      if (pending !== undefined) drop(pending.id);
      pending = undefined;
      ahead = undefined;
      send({ kind: 'close', path });
      thread = undefined;
      inline.close();
    },
  };
}

/** Stops the shared read-ahead thread (tests; a node process never needs to). */
export async function stopReadAhead(): Promise<void> {
  const thread = shared;
  shared = undefined;
  if (thread !== undefined) await thread.worker.terminate();
}
