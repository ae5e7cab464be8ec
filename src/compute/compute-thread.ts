import { AoliteError } from '../core/errors.js';
import type { ResultStore } from '../store/results.js';
import type { Store } from '../store/types.js';
import {
  type ComputeCall,
  type ComputeThreadReply,
  type ComputeThreadRequest,
  type ComputeThreadSettings,
  type ComputeThreadStatus,
  deserializeError,
} from './compute-thread-protocol.js';
import { storedResultOf } from './stored-result.js';
import type { Compute } from './types.js';
import { startWorker } from './worker-thread.js';

/**
 * The compute unit on its own thread (compute/compute-worker.ts), seen from the main thread as a
 * `Compute`: each call is a request with an id, answered with the value or the error (an AoliteError
 * keeps its code, message and details, so the edges map it to the same status as inline).
 *
 * `pending()` and `engines()` are synchronous, so they read a mirror of the thread's state, which comes
 * with every message it sends. Notifies sent and not yet handed to its queue count as pending, and
 * `idle()` is a request the thread answers once its queue is idle: it was sent after every earlier
 * notify and the thread reads its messages in order, so `idle()` never resolves before those notifies
 * were processed, and a settle loop (`idle()` until `pending()` is 0) never ends early.
 *
 * The thread keeps the process alive only while something is outstanding (a call, a notify not yet
 * acknowledged, background work), as an inline compute unit's work would. If it dies unexpectedly, every
 * outstanding and later call is refused with UNAVAILABLE naming the cause; notifies are dropped.
 */
export interface ComputeThread extends Compute {
  /**
   * Resolves once the thread has opened the database and its library's fingerprint matched; rejects if
   * it could not start (the thread is gone then).
   */
  readonly ready: Promise<void>;
  /**
   * Stops the thread at once, without finishing anything: what its crash does (tests). `close` is the
   * way to stop it.
   */
  terminate(): Promise<void>;
}

export interface ComputeThreadOptions {
  settings: Omit<ComputeThreadSettings, 'now'>;
  /** The node clock (its readings travel with each request: compute-thread-protocol.ts). */
  clock: () => number;
  /** A batch of results was committed (`fromSlot`…`slot`). Must only schedule work. */
  onEvaluated: (processId: string, slot: number, fromSlot: number) => void;
  /**
   * The node's own connection: a result already stored is read here, so `/result` of an evaluated slot
   * never waits behind a long message on the compute thread (nor needs the thread at all).
   */
  reads?: { store: Store; results: ResultStore };
  /** Told once if the thread stops unexpectedly. Default: console.error. */
  onFailure?: (error: Error) => void;
}

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export function startComputeThread(options: ComputeThreadOptions): ComputeThread {
  const { clock, settings } = options;
  const worker = startWorker('compute-worker', { ...settings, now: clock() }, []);
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  let notifiesSent = 0;
  let mirror: ComputeThreadStatus = { notified: 0, pending: 0, engines: { count: 0, bytes: 0 } };
  /** Requests held until the thread listens (a message posted before its listener could be dropped). */
  let held: ComputeThreadRequest[] | undefined = [];
  let threadError: Error | undefined;
  /** Set once the thread stopped unexpectedly (or could not start): every call is refused with it. */
  let failure: Error | undefined;
  let closing: Promise<void> | undefined;
  let exited = false;

  let markReady!: () => void;
  let refuseStart!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    refuseStart = reject;
  });
  ready.catch(() => undefined); // the node awaits it; an early close must not report it unhandled

  // Closing counts as busy until the thread has exited: after its last reply the node still awaits
  // `terminate()`, and an unreferenced thread would let the process exit in the middle of that await.
  const busy = (): boolean =>
    held !== undefined ||
    waiting.size > 0 ||
    notifiesSent > mirror.notified ||
    mirror.pending > 0 ||
    closing !== undefined;
  const updateRef = (): void => {
    if (exited) return;
    if (busy()) worker.ref();
    else worker.unref();
  };

  const send = (request: ComputeThreadRequest): void => {
    if (held !== undefined) held.push(request);
    else worker.postMessage(request);
  };

  const fail = (error: Error): void => {
    if (failure !== undefined) return;
    failure = error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
    held = undefined;
    mirror = { notified: notifiesSent, pending: 0, engines: { count: 0, bytes: 0 } };
    refuseStart(error);
  };

  worker.on('message', (message: ComputeThreadReply) => {
    if ('status' in message) mirror = message.status;
    switch (message.kind) {
      case 'ready': {
        // (the thread refused to start, with 'failed', if its library's fingerprint was not the node's)
        const queued = held ?? [];
        held = undefined;
        for (const request of queued) worker.postMessage(request);
        markReady();
        break;
      }
      case 'failed':
        fail(deserializeError(message.error));
        break;
      case 'reply': {
        const handle = waiting.get(message.id);
        waiting.delete(message.id);
        if (handle === undefined) break;
        if (message.error !== undefined) handle.reject(deserializeError(message.error));
        else handle.resolve(message.value);
        break;
      }
      case 'evaluated':
        try {
          options.onEvaluated(message.processId, message.slot, message.fromSlot);
        } catch (error) {
          console.error('aolite: handling evaluated results failed', error);
        }
        break;
      case 'status':
        break;
    }
    updateRef();
  });
  worker.on('error', (error) => {
    threadError ??= error;
  });
  worker.on('exit', (code) => {
    exited = true;
    if (closing !== undefined && failure === undefined) {
      fail(new AoliteError('UNAVAILABLE', 'compute is closed'));
      return;
    }
    if (failure !== undefined) return;
    const cause = threadError === undefined ? '' : `: ${threadError.message}`;
    const error = new AoliteError(
      'UNAVAILABLE',
      `the compute thread stopped unexpectedly (exit code ${code})${cause}; evaluation is unavailable until the node restarts`,
    );
    (options.onFailure ?? ((e: Error) => console.error(`aolite: ${e.message}`, threadError ?? '')))(error);
    fail(error);
  });

  const call = <T>(method: ComputeCall, args: unknown[]): Promise<T> => {
    if (failure !== undefined) return Promise.reject(failure);
    if (closing !== undefined) return Promise.reject(new AoliteError('UNAVAILABLE', 'compute is closed'));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      try {
        send({ kind: 'call', id, method, args, now: clock() });
      } catch (error) {
        reject(error); // arguments that cannot be cloned
        return;
      }
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      updateRef();
    });
  };

  /** A request without arguments (`idle`, `close`), answered once the thread has done it. */
  const control = (kind: 'idle' | 'close'): Promise<void> => {
    if (failure !== undefined) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<void>((resolve, reject) => {
      waiting.set(id, { resolve: () => resolve(), reject });
      send({ kind, id, now: clock() });
      updateRef();
    });
  };

  return {
    ready,
    terminate: async () => {
      await worker.terminate();
    },
    resultOf(processId, at) {
      // What the compute unit itself reads first (compute.ts), on this thread's connection.
      if (options.reads !== undefined && closing === undefined) {
        try {
          const stored = storedResultOf(options.reads.store, options.reads.results, processId, at);
          if (stored?.evaluation !== undefined) return Promise.resolve(stored.evaluation);
          // the slot found here goes on, so the thread does not look the message up again
          if (stored !== undefined) return call('resultOf', [processId, { slot: stored.slot }]);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return call('resultOf', [processId, at]);
    },
    results: (processId, query) => call('results', [processId, query]),
    dryRun: (processId, input, opts) => call('dryRun', [processId, input, opts]),
    state: (processId, path, opts) => call('state', [processId, path, opts]),
    catchUp: (processId) => call('catchUp', [processId]),
    notify(processId) {
      if (failure !== undefined || closing !== undefined) return;
      notifiesSent++;
      send({ kind: 'notify', processId, seq: notifiesSent, now: clock() });
      updateRef();
    },
    idle() {
      // Closed: nothing runs any more (an unexpected stop is reported by the rejection of `control`).
      if (closing !== undefined) return closing.then(() => undefined);
      return control('idle');
    },
    pending: () => (failure === undefined ? notifiesSent - mirror.notified + mirror.pending : 0),
    engines: () => ({ ...mirror.engines }),
    close() {
      closing ??= (async () => {
        try {
          // The thread finishes running evaluations, saves shutdown checkpoints and closes its store.
          if (failure === undefined) await control('close');
        } catch (error) {
          if (failure === undefined) throw error;
          // It had already stopped (reported when it did): nothing is left to close.
        } finally {
          if (!exited) await worker.terminate();
        }
      })();
      return closing;
    },
  };
}
