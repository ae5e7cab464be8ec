import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory and its cleanup. */
export function tempDir(prefix = 'aolite-store-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A deterministic clock the test moves by hand. */
export function manualClock(start = 1_700_000_000_000): {
  clock: () => number;
  set: (ms: number) => void;
  advance: (ms: number) => void;
} {
  let now = start;
  return {
    clock: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
