import type { Summary } from './types.js';

/** Median (mean of the middle two for an even count), min and max of some samples. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** The p-th percentile (0..100) by nearest rank of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('no values for a percentile');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Milliseconds since an arbitrary origin. performance.now: the reference loader replaces Date.now. */
export const now = (): number => performance.now();

/** Time of `fn` in ms. */
export function time(fn: () => void): number {
  const start = now();
  fn();
  return now() - start;
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = now();
  await fn();
  return now() - start;
}

/** Collects samples per figure id over the runs of a benchmark. */
export function createSamples(): {
  add(id: string, value: number): void;
  result(): Record<string, number[]>;
} {
  const samples: Record<string, number[]> = {};
  return {
    add(id, value) {
      if (!Number.isFinite(value)) throw new Error(`figure ${id}: measured a non-finite value ${value}`);
      const list = samples[id] ?? [];
      list.push(value);
      samples[id] = list;
    },
    result: () => samples,
  };
}

/** Calls `fn` for `seconds` (after `warmup` calls) and returns calls per second. */
export function ratePerSecond(fn: () => void, seconds: number, warmup = 50): number {
  for (let i = 0; i < warmup; i++) fn();
  let n = 0;
  const start = now();
  const limit = seconds * 1000;
  let elapsed = 0;
  while (elapsed < limit) {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
    elapsed = now() - start;
  }
  return n / (elapsed / 1000);
}
