/** Wall-clock window of the chain rate bound, ms. */
export const RATE_WINDOW_MS = 1000;

const MAX_TRACKED_ROOTS = 10_000;

/**
 * Deliveries per root chain per second of wall time (`maxChainRate`), in fixed one-second windows that
 * start at a root's first delivery. It only decides WHEN a slot's outbox is delivered, never what is
 * delivered: counts live in memory and reset with the node, and the clock is the messenger's own (never
 * the scheduler's, never anything a process sees).
 */
export interface ChainRate {
  /** ms until `root` may deliver again, or undefined when it may deliver now. */
  holdFor(root: string): number | undefined;
  /** `root` delivered one more entry. */
  count(root: string): void;
  /** Deliveries of `root` in its current window. */
  inWindow(root: string): number;
}

interface Window {
  start: number;
  count: number;
}

/** `limit` deliveries per root per second; 0 (or less) means no bound. `now` is a monotonic ms clock. */
export function createChainRate(limit: number, now: () => number): ChainRate {
  const windows = new Map<string, Window>();

  const current = (root: string, at: number): Window | undefined => {
    const window = windows.get(root);
    return window !== undefined && at - window.start < RATE_WINDOW_MS ? window : undefined;
  };

  const prune = (at: number): void => {
    for (const [root, window] of windows) if (at - window.start >= RATE_WINDOW_MS) windows.delete(root);
    if (windows.size >= MAX_TRACKED_ROOTS) windows.clear(); // forgetting counts only ever lets more through
  };

  return {
    holdFor(root) {
      if (limit <= 0) return undefined;
      const at = now();
      const window = current(root, at);
      if (window === undefined || window.count < limit) return undefined;
      return window.start + RATE_WINDOW_MS - at;
    },

    count(root) {
      if (limit <= 0) return;
      const at = now();
      const window = current(root, at);
      if (window !== undefined) {
        window.count++;
        return;
      }
      if (windows.size >= MAX_TRACKED_ROOTS) prune(at);
      windows.set(root, { start: at, count: 1 });
    },

    inWindow(root) {
      return current(root, now())?.count ?? 0;
    },
  };
}
