/**
 * Child process of bench/run.ts: receives one job over IPC, runs that benchmark, sends its output back.
 * A fresh process per benchmark keeps JIT, heap and RSS of one from skewing another, and lets a
 * benchmark ask for node flags (the reference module needs --experimental-wasm-memory64).
 */

import type { BenchOutput, Sizes } from './lib/types.js';
import { findBenchmark } from './registry.js';

export interface ChildJob {
  name: string;
  sizes: Sizes;
  runs: number;
  quick: boolean;
  cacheDir: string;
}

export type ChildReply = { ok: true; output: BenchOutput } | { ok: false; error: string };

process.once('message', async (job: ChildJob) => {
  let reply: ChildReply;
  try {
    const benchmark = findBenchmark(job.name);
    const output = await benchmark.run({
      sizes: job.sizes,
      runs: job.runs,
      quick: job.quick,
      cacheDir: job.cacheDir,
      log: (message) => process.stderr.write(`  [${job.name}] ${message}\n`),
    });
    reply = { ok: true, output };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  process.send!(reply, () => process.exit(0));
});
