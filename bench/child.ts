/**
 * Child process of bench/run.ts: receives one job over IPC, runs that benchmark, sends its output back.
 * A fresh process per benchmark keeps JIT, heap and RSS of one from skewing another, and lets a
 * benchmark ask for node flags (the reference module needs --experimental-wasm-memory64).
 */

import type { BenchOutput, Sizes } from './lib/types.js';
import { loadBenchmark } from './loaders.js';

export interface ChildJob {
  name: string;
  sizes: Sizes;
  runs: number;
  quick: boolean;
  cacheDir: string;
}

/** `cpuSeconds`: user + system CPU time of the whole child process (all its threads). */
export type ChildReply =
  | { ok: true; output: BenchOutput; cpuSeconds: number }
  | { ok: false; error: string; cpuSeconds: number };

const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

process.once('message', async (job: ChildJob) => {
  let reply: ChildReply;
  try {
    const benchmark = await loadBenchmark(job.name);
    const output = await benchmark.run({
      sizes: job.sizes,
      runs: job.runs,
      quick: job.quick,
      cacheDir: job.cacheDir,
      log: (message) => process.stderr.write(`  [${job.name}] ${message}\n`),
    });
    reply = { ok: true, output, cpuSeconds: cpuSeconds() };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    reply = { ok: false, error: message, cpuSeconds: cpuSeconds() };
  }
  process.send!(reply, () => process.exit(0));
});
