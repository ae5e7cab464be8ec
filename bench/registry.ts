/**
 * The one list of benchmarks `npm run bench` runs, in order, and the figures still waiting for their
 * unit. A new benchmark is a module in bench/ exporting a `Benchmark`, added to `benchmarks`; when it
 * measures a pending figure, move that figure's goal onto its FigureDef and drop it from `pending`.
 */
import { aoQueriesBenchmark } from './ao-queries.js';
import { checkpointsBenchmark } from './checkpoints.js';
import { codecBenchmark } from './codec.js';
import { computeBenchmark } from './compute.js';
import { engineBenchmark } from './engine.js';
import { graphqlBenchmark } from './graphql.js';
import { ingestBenchmark } from './ingest.js';
import type { Benchmark, Comparison, PendingFigure } from './lib/types.js';
import { messengerBenchmark } from './messenger.js';
import { referenceBenchmark } from './reference.js';
import { rssBenchmark } from './rss.js';
import { runtimeBenchmark } from './runtime.js';
import { schedulerBenchmark } from './scheduler.js';

export const benchmarks: Benchmark[] = [
  runtimeBenchmark,
  referenceBenchmark,
  engineBenchmark,
  computeBenchmark,
  checkpointsBenchmark,
  ingestBenchmark,
  schedulerBenchmark,
  codecBenchmark,
  graphqlBenchmark,
  aoQueriesBenchmark,
  rssBenchmark,
  messengerBenchmark,
];

/** Figures of the issues whose unit is not built yet: rows without a value, never a guess. */
export const pending: PendingFigure[] = [];

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
