import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

/** Runs `aolite ARGS` in this process; returns the exit code and the lines it printed. */
export async function runAolite(...args: string[]): Promise<{ code: number; lines: string[]; err: string }> {
  const lines: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
  const error = vi.spyOn(console, 'error').mockImplementation((line: string) => err.push(line));
  try {
    return { code: await main(args), lines, err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}
