/**
 * The one list of benchmarks `npm run bench` runs, in order, and the figures still waiting for their
 * unit. A new benchmark is a module in bench/ exporting a `Benchmark`, added to `benchmarks`; when it
 * measures a pending figure, move that figure's goal onto its FigureDef and drop it from `pending`.
 */
import { codecBenchmark } from './codec.js';
import { engineBenchmark } from './engine.js';
import { graphqlBenchmark } from './graphql.js';
import { ingestBenchmark } from './ingest.js';
import type { Benchmark, Comparison, PendingFigure } from './lib/types.js';
import { referenceBenchmark } from './reference.js';
import { rssBenchmark } from './rss.js';
import { runtimeBenchmark } from './runtime.js';
import { schedulerBenchmark } from './scheduler.js';

export const benchmarks: Benchmark[] = [
  runtimeBenchmark,
  referenceBenchmark,
  engineBenchmark,
  ingestBenchmark,
  schedulerBenchmark,
  codecBenchmark,
  graphqlBenchmark,
  rssBenchmark,
];

/** Figures of the issues whose unit is not built yet: rows without a value, never a guess. */
export const pending: PendingFigure[] = [
  {
    id: 'compute.counter-pipeline',
    label: 'counter full pipeline: log → evaluation → stored result',
    unit: 'msg/s',
    goal: { op: '>=', value: 25_000 },
    waitsFor: 'compute',
  },
  {
    id: 'messenger.token-transfers',
    label: 'token transfers end to end (ingest → evaluation → outbox delivered)',
    unit: 'msg/s',
    goal: { op: '>=', value: 8_000 },
    waitsFor: 'compute, messenger',
  },
  {
    id: 'compute.checkpoint',
    label: 'checkpoint after 1,000 counter messages: time',
    unit: 'ms',
    goal: { op: '<=', value: 5 },
    waitsFor: 'compute',
  },
  {
    id: 'compute.checkpoint-bytes',
    label: 'checkpoint after 1,000 counter messages: new bytes stored',
    unit: 'bytes',
    goal: { op: '<=', value: 102_400 },
    waitsFor: 'compute',
  },
  {
    id: 'compute.restore',
    label: 'restore a process from its checkpoint',
    unit: 'ms',
    goal: { op: '<=', value: 10 },
    waitsFor: 'compute',
  },
  {
    id: 'compute.spawn-first-result',
    label: 'spawn → first result (HTTP spawn, process message evaluated, result readable)',
    unit: 'ms',
    waitsFor: 'compute, messenger',
  },
  {
    id: 'compute.verify',
    label: 'verify: replay of a process log in a fresh runtime, compared with stored results',
    unit: 'msg/s',
    goal: { op: '>=', value: 25_000 },
    waitsFor: 'compute',
  },
];

/** aolite against the reference aos 2.0.6 module on the same workload, from the same suite run. */
export const comparisons: Comparison[] = [
  {
    label: 'counter handler, per message',
    aolite: 'runtime.counter',
    resident: 'reference.counter.resident',
    cuStyle: 'reference.counter.cu',
  },
  {
    label: 'token transfer handler, per message',
    aolite: 'runtime.token',
    resident: 'reference.token.resident',
    cuStyle: 'reference.token.cu',
  },
  {
    label: 'process boot to first result',
    aolite: 'runtime.boot-first-result',
    resident: 'reference.boot-first-result',
  },
  {
    label: 'cold boot to first result (fresh node process)',
    aolite: 'runtime.boot-cold',
    resident: 'reference.boot-cold',
  },
];

export function findBenchmark(name: string): Benchmark {
  const found = benchmarks.find((b) => b.name === name);
  if (!found) {
    throw new Error(`no benchmark "${name}" (known: ${benchmarks.map((b) => b.name).join(', ')})`);
  }
  return found;
}
