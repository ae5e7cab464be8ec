import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const child = fileURLToPath(new URL('./fixtures/determinism-child.ts', import.meta.url));
const scenarioChild = fileURLToPath(new URL('./fixtures/scenario-child.ts', import.meta.url));
const conformanceDir = join(root, 'test', 'conformance');

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

/** Runs conformance scenarios with the aos library in a fresh Node process at a faked wall-clock time. */
async function scenariosElsewhere(fakeNow: number, timeZone: string, names: string[]) {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', scenarioChild, conformanceDir, ...names],
    {
      cwd: root,
      env: { ...process.env, AOLITE_FAKE_NOW: String(fakeNow), TZ: timeZone },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { lines: unknown[]; hashes: string[] };
}

describe('deterministic evaluation', () => {
  it('evaluates aos scenarios byte-identically in two OS processes at different times and zones', async () => {
    const names = ['pairs-order', 'token', 'random-time', 'receive-await'];
    const [early, late] = await Promise.all([
      scenariosElsewhere(1_000_000_000_000, 'UTC', names),
      scenariosElsewhere(1_900_000_123_457, 'America/Los_Angeles', names),
    ]);
    expect(early.lines.length).toBeGreaterThan(40);
    expect(early.hashes).toHaveLength(early.lines.length);
    expect(JSON.stringify(late.lines)).toBe(JSON.stringify(early.lines));
    expect(late.hashes).toEqual(early.hashes);
    const pairsStep1 = early.lines[1] as { Output: string };
    expect(pairsStep1.Output.split(',')).toHaveLength(12);
  });

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
