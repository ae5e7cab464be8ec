/** A one-line progress bar redrawn in place on a terminal stream (`\r`, no dependency). */
export interface ProgressBar {
  update(done: number, total: number): void;
  /** Clears the line. */
  stop(): void;
}

interface TerminalStream {
  write(text: string): unknown;
  columns?: number;
}

/** The bar text for `done` of `total` in `width` cells: `[#####-----]  50% 5/10 slots`. */
export function progressLine(done: number, total: number, width: number): string {
  const fraction = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(fraction * width);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent} ${done}/${total} slots`;
}

/** Redraws at most every `intervalMs` (the timer is injected: the caller's clock). */
export function createProgressBar(stream: TerminalStream, now: () => number, intervalMs = 100): ProgressBar {
  let last = Number.NEGATIVE_INFINITY;
  let drawn = 0;
  const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 40));
  return {
    update(done, total) {
      const t = now();
      if (t - last < intervalMs && done < total) return;
      last = t;
      const line = progressLine(done, total, width);
      drawn = line.length;
      stream.write(`\r${line}`);
    },
    stop() {
      if (drawn > 0) stream.write(`\r${' '.repeat(drawn)}\r`);
      drawn = 0;
    },
  };
}
