import type { ProcessContext } from './process-context.js';

/** Per-process bookkeeping: the serial lock, the in-flight catch-up, the last stored slot. */
export interface Entry {
  context: ProcessContext;
  /** Last stored slot (-1: none). */
  evaluated: number;
  /** Tail of the per-process lock chain. */
  tail: Promise<void>;
  /** Operations holding the lock now (a pinned engine is never evicted). */
  busy: number;
  /** The running catch-up, shared by every caller (single flight). */
  inflight: Promise<number> | undefined;
  /** Resolved (and replaced) each time a batch of results is stored: readers of an earlier slot wake up. */
  stored: Deferred;
}

export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

export function deferred(): Deferred {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A fresh entry for a process whose last stored slot is `evaluated`. */
export function newEntry(context: ProcessContext, evaluated: number): Entry {
  return { context, evaluated, tail: Promise.resolve(), busy: 0, inflight: undefined, stored: deferred() };
}
