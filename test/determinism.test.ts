import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const child = fileURLToPath(new URL('./fixtures/determinism-child.ts', import.meta.url));

interface ChildOutput {
  results: Array<{ Output: unknown; Error?: string }>;
  hashes: string[];
  snapshotHash: string;
}

/** Runs the child script in a fresh Node process (TypeScript through tsx) at a faked wall-clock time. */
async function evaluateElsewhere(fakeNow: number, timeZone: string): Promise<ChildOutput> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', child], {
    cwd: root,
    env: { ...process.env, AOLITE_FAKE_NOW: String(fakeNow), TZ: timeZone },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ChildOutput;
}

describe('deterministic evaluation', () => {
  it('gives byte-identical results and memory in two OS processes started at different times', async () => {
    const [early, late] = await Promise.all([
      evaluateElsewhere(1_000_000_000_000, 'UTC'),
      evaluateElsewhere(1_900_000_123_457, 'Asia/Kolkata'),
    ]);
    const order = early.results[0]?.Output;
    expect(typeof order === 'string' && order.split(',')).toHaveLength(45);
    expect(late.results[0]?.Output).toBe(order);
    expect(early.results[7]?.Output).toBe(order);
    expect(early.results[3]?.Output).toMatch(/^10\tThu Jan 01 00:00:10 1970\t10\.0\t0\.5\t\d+\.\d+$/);
    expect(early.results[5]?.Error).toBe('[string "toy"]:1: this one fails');
    expect(early.results[6]?.Error).toBe('gas limit exceeded: more than 5000000 instructions');
    expect(late.results).toEqual(early.results);
    expect(late.hashes).toEqual(early.hashes);
    expect(new Set(early.hashes).size).toBeGreaterThan(3);
    expect(late.snapshotHash).toBe(early.snapshotHash);
  });
});
