import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import type { MessageInput } from '../runtime/message-plan.js';
import { unpackSlots } from './planned-batch.js';
import {
  type ReadAheadReply,
  type ReadAheadRequest,
  SIGNAL_EXITED,
  SIGNAL_READY,
  SIGNAL_REPLIES,
} from './read-ahead-protocol.js';
import type { PlannedSlot, PlannedSlotReader, SlotOwner } from './slot-plans.js';
import { startWorker } from './worker-thread.js';

/**
 * Read-ahead: while this thread evaluates a batch of slots, a second thread reads the next batch from the
 * log and plans its messages (compute/read-ahead-worker.ts), so evaluation spends its time in Lua, not in
 * SQLite and message building. The reader stays synchronous: a batch that is not there yet is waited for
 * (Atomics.wait on a counter the thread bumps after each reply), one that was never asked for is read
 * here (`inline`). A batch read ahead holds the same plans the inline reader gives (the same code on the
 * same committed rows; the log is append-only), so evaluation does not depend on which thread read it.
 *
 * One thread per node process, shared by every reader; each reader has its own read-only connection
 * there, opened when the reader is created and closed with it, and one batch read ahead per process
 * (the compute unit evaluates a few processes side by side). Started on the first reader, never keeping
 * the process alive. If it fails or does not answer in time, a reader falls back to reading inline for good.
 */
export interface ReadAheadOptions {
  /** The database file (not ':memory:'). */
  path: string;
  input: MessageInput;
  /** Reads on this thread: the first batch of a run, and whenever the read-ahead is not usable. */
  inline: PlannedSlotReader;
  /** Told once if the read-ahead thread failed and this reader went back to reading inline. */
  onFallback?: (error: Error) => void;
  /** How long a read waits for a batch already asked for (ms). Default 5,000. */
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
  const signal = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  const worker = startWorker('read-ahead-worker', { port: port2, signal }, [port2]);
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

const ready = (thread: Thread): boolean =>
  thread.failure === undefined && Atomics.load(thread.signal, SIGNAL_READY) === 1;

/** Why the thread can no longer answer, if it cannot (its exit is flagged in the signal before the event). */
function failureOf(thread: Thread): Error | undefined {
  if (thread.failure === undefined && Atomics.load(thread.signal, SIGNAL_EXITED) === 1) {
    thread.failure = new Error('the read-ahead thread exited');
  }
  return thread.failure;
}

/** Takes every reply already there without waiting: drops the abandoned ones, parks the others. */
function drain(thread: Thread): void {
  for (;;) {
    const received = receiveMessageOnPort(thread.port);
    if (received === undefined) return;
    const reply = received.message as ReadAheadReply;
    if (!thread.abandoned.delete(reply.id)) thread.parked.set(reply.id, reply);
  }
}

/** Waits for the reply to request `id` (blocking this thread at most `waitMs`). */
function awaitReply(thread: Thread, id: number, waitMs: number): ReadAheadReply {
  const deadline = performance.now() + waitMs;
  for (;;) {
    const seen = Atomics.load(thread.signal, SIGNAL_REPLIES);
    drain(thread);
    const reply = thread.parked.get(id);
    if (reply !== undefined) {
      thread.parked.delete(id);
      return reply;
    }
    const failure = failureOf(thread);
    if (failure !== undefined) throw failure;
    const left = deadline - performance.now();
    if (left <= 0) throw new Error(`the read-ahead thread did not answer within ${waitMs} ms`);
    Atomics.wait(thread.signal, SIGNAL_REPLIES, seen, left);
  }
}

/** What a reader has asked for and received for one process. */
interface Lane {
  pending?: { id: number; fromSlot: number; limit: number };
  ahead?: { fromSlot: number; slots: PlannedSlot[] };
}

/** Processes a reader keeps a batch read ahead for (the least recently read goes first). */
const MAX_LANES = 8;

/** A read-ahead reader, with how many slots it served from batches read ahead and read inline. */
export interface ReadAheadReader extends PlannedSlotReader {
  readonly stats: { readAhead: number; inline: number };
  /** True while it still reads ahead (false after a fallback or close). */
  active(): boolean;
}

export function createReadAheadReader(options: ReadAheadOptions): ReadAheadReader {
  const { path, input, inline } = options;
  const waitMs = options.waitMs ?? 5_000;
  shared ??= startThread();
  /** The thread while this reader reads ahead; `home` stays to close the connection there. */
  const home: Thread = shared;
  let thread: Thread | undefined = home;
  const reader = nextId++;
  const lanes = new Map<string, Lane>();
  const stats = { readAhead: 0, inline: 0 };
  const send = (request: ReadAheadRequest): void => {
    if (home.failure === undefined) home.port.postMessage(request);
  };
  send({ kind: 'open', reader, path });

  const drop = (id: number): void => {
    if (!home.parked.delete(id)) home.abandoned.add(id);
  };
  const dropLane = (lane: Lane): void => {
    if (lane.pending !== undefined) drop(lane.pending.id);
    lane.pending = undefined;
    lane.ahead = undefined;
  };

  const giveUp = (error: Error): void => {
    if (thread === undefined) return;
    thread = undefined;
    for (const lane of lanes.values()) dropLane(lane);
    lanes.clear();
    (options.onFallback ?? ((e) => console.error(`aolite: reading slots without read-ahead: ${e.message}`)))(
      error,
    );
  };

  const laneOf = (processId: string): Lane => {
    let lane = lanes.get(processId);
    if (lane !== undefined) {
      lanes.delete(processId); // most recently read last
    } else {
      lane = {};
      if (lanes.size >= MAX_LANES) {
        const [oldest, old] = lanes.entries().next().value!;
        dropLane(old);
        lanes.delete(oldest);
      }
    }
    lanes.set(processId, lane);
    return lane;
  };

  /** Collects the batch asked for, if it covers `fromSlot`; drops it if it cannot serve this read. */
  const collect = (lane: Lane, fromSlot: number): void => {
    const asked = lane.pending;
    if (asked === undefined || thread === undefined) return;
    lane.pending = undefined;
    if (fromSlot < asked.fromSlot || fromSlot >= asked.fromSlot + asked.limit) {
      drop(asked.id);
      return;
    }
    try {
      const reply = awaitReply(thread, asked.id, waitMs);
      if ('error' in reply) throw new Error(reply.error);
      lane.ahead = { fromSlot: asked.fromSlot, slots: unpackSlots(reply.packed) };
    } catch (error) {
      drop(asked.id);
      giveUp(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const askFor = (lane: Lane, owner: SlotOwner, fromSlot: number, limit: number): void => {
    if (thread === undefined || lane.pending !== undefined) return;
    if (!ready(thread)) {
      const failure = failureOf(thread);
      if (failure !== undefined) giveUp(failure);
      return;
    }
    const id = nextId++;
    lane.pending = { id, fromSlot, limit };
    const { processId, owner: ownerAddress, scheduler } = owner;
    send({
      kind: 'read',
      id,
      reader,
      input,
      owner: { processId, owner: ownerAddress, scheduler },
      fromSlot,
      limit,
    });
  };

  return {
    stats,
    active: () => thread !== undefined,
    read(owner, fromSlot, limit) {
      let out: PlannedSlot[] = [];
      const lane = thread === undefined ? undefined : laneOf(owner.processId);
      if (lane !== undefined && thread !== undefined) {
        drain(thread); // replies nobody waits for do not pile up in the port
        collect(lane, fromSlot);
        const ahead = lane.ahead;
        if (ahead !== undefined) {
          const offset = fromSlot - ahead.fromSlot;
          if (offset >= 0 && offset < ahead.slots.length) out = ahead.slots.slice(offset, offset + limit);
          if (offset + out.length >= ahead.slots.length) lane.ahead = undefined;
          stats.readAhead += out.length;
        }
      }
      if (out.length < limit) {
        // Not read ahead (or the log had ended when it was): read the rest here.
        const rest = inline.read(owner, fromSlot + out.length, limit - out.length);
        stats.inline += rest.length;
        out = out.length === 0 ? rest : out.concat(rest);
      }
      // A full batch: the caller is likely to want the next one.
      if (lane !== undefined && out.length === limit) askFor(lane, owner, fromSlot + limit, limit);
      return out;
    },
    close() {
      for (const lane of lanes.values()) dropLane(lane);
      lanes.clear();
      thread = undefined;
      send({ kind: 'close', reader });
      inline.close();
    },
  };
}

/** Stops the shared read-ahead thread (tests; a node process never needs to). */
export async function stopReadAhead(): Promise<void> {
  const thread = shared;
  shared = undefined;
  if (thread === undefined) return;
  thread.failure ??= new Error('the read-ahead thread was stopped');
  await thread.worker.terminate();
}
