/**
 * Each benchmark's module loaded on demand, by name: a benchmark's child process imports only its own
 * module (and what that imports), not every benchmark's dependencies through the registry, which saves
 * about a second of start-up per child. Must name the same benchmarks as registry.ts (a test checks it).
 */
import type { Benchmark } from './lib/types.js';

export const benchmarkLoaders: Record<string, () => Promise<Benchmark>> = {
  runtime: async () => (await import('./runtime.js')).runtimeBenchmark,
  reference: async () => (await import('./reference.js')).referenceBenchmark,
  engine: async () => (await import('./engine.js')).engineBenchmark,
  compute: async () => (await import('./compute.js')).computeBenchmark,
  checkpoints: async () => (await import('./checkpoints.js')).checkpointsBenchmark,
  ingest: async () => (await import('./ingest.js')).ingestBenchmark,
  scheduler: async () => (await import('./scheduler.js')).schedulerBenchmark,
  codec: async () => (await import('./codec.js')).codecBenchmark,
  graphql: async () => (await import('./graphql.js')).graphqlBenchmark,
  'ao-queries': async () => (await import('./ao-queries.js')).aoQueriesBenchmark,
  rss: async () => (await import('./rss.js')).rssBenchmark,
  messenger: async () => (await import('./messenger.js')).messengerBenchmark,
};

export async function loadBenchmark(name: string): Promise<Benchmark> {
  const load = benchmarkLoaders[name];
  if (load === undefined) {
    throw new Error(`no benchmark "${name}" (known: ${Object.keys(benchmarkLoaders).join(', ')})`);
  }
  return load();
}
