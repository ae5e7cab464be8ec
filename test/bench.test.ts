import { describe, expect, it } from 'vitest';
import { codecBenchmark } from '../bench/codec.js';
import { parseBenchArgs } from '../bench/lib/args.js';
import { addedCacheFiles } from '../bench/lib/cache-files.js';
import { formatDuration } from '../bench/lib/format.js';
import { missingGoalsWarning, renderMarkdown } from '../bench/lib/report.js';
import { comparisonResults, figureResults, missingGoals } from '../bench/lib/results.js';
import { percentile, summarize } from '../bench/lib/stats.js';
import type { BenchContext, Benchmark, SuiteResult } from '../bench/lib/types.js';
import { benchmarkLoaders, loadBenchmark } from '../bench/loaders.js';
import { benchmarks, comparisons, pending } from '../bench/registry.js';
import { runtimeBenchmark } from '../bench/runtime.js';

function context(sizes: Record<string, number>, runs = 2): BenchContext {
  return { sizes, runs, quick: true, cacheDir: '/nonexistent', log: () => {} };
}

function expectEverySample(benchmark: Benchmark, samples: Record<string, number[]>, runs: number) {
  for (const figure of benchmark.figures) {
    const values = samples[figure.id];
    expect(values, figure.id).toBeDefined();
    expect(values!.length, figure.id).toBeGreaterThanOrEqual(1);
    expect(values!.length, figure.id).toBeLessThanOrEqual(runs);
    for (const value of values!) {
      expect(Number.isFinite(value), `${figure.id} = ${value}`).toBe(true);
      expect(value, figure.id).toBeGreaterThan(0);
    }
  }
}

describe('benchmark suite', () => {
  it('summarizes samples as median, min and max', () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 });
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 99)).toBe(100);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 50)).toBe(50);
    expect(() => summarize([])).toThrow('no samples');
  });

  it('the codec benchmark at a tiny size gives a positive sample per run for every figure', async () => {
    const output = await codecBenchmark.run(context({ ms: 10 }));
    expectEverySample(codecBenchmark, output.samples, 2);
    for (const figure of codecBenchmark.figures) expect(output.samples[figure.id]).toHaveLength(2);
  });

  it('the runtime benchmark at a tiny size runs the counter and token workloads to the expected state', async () => {
    const sizes = { counterMessages: 20, tokenMessages: 20, boots: 1, checkpointMessages: 10, restores: 1 };
    const output = await runtimeBenchmark.run(context(sizes, 1));
    expectEverySample(runtimeBenchmark, output.samples, 1);
    const figures = figureResults(runtimeBenchmark, sizes, output);
    const counter = figures.find((f) => f.id === 'runtime.counter')!;
    expect(counter.goal).toEqual({ op: '<=', value: 40 });
    expect(typeof counter.met).toBe('boolean');
    expect(counter.min).toBeLessThanOrEqual(counter.median);
    // The snapshot is whole 64 KiB pages, and the pages changed are part of it.
    const bytes = figures.find((f) => f.id === 'runtime.snapshot-bytes')!.median;
    expect(bytes % 65_536).toBe(0);
    expect(figures.find((f) => f.id === 'runtime.snapshot-changed')!.median).toBeLessThanOrEqual(bytes);
  });

  it('renders every figure, every pending figure and the reference ratios into BENCHMARKS.md', () => {
    const aolite = { samples: { 'runtime.counter': [50, 40, 60] } };
    const reference = {
      samples: { 'reference.counter.resident': [2000], 'reference.counter.cu': [100_000] },
    };
    const figures = [
      ...figureResults(runtimeBenchmark, {}, aolite),
      ...figureResults(benchmarks.find((b) => b.name === 'reference')!, {}, reference),
    ];
    const suite: SuiteResult = {
      schema: 1,
      mode: 'full',
      complete: true,
      runs: 3,
      machine: {
        cpu: 'Test CPU',
        cores: 2,
        memoryBytes: 8 * 1024 ** 3,
        platform: 'linux',
        release: '6',
        arch: 'x64',
        node: 'v20.0.0',
        loadAverage: 0.5,
        commit: 'abcdef0123456789',
        dirty: false,
        date: '2026-01-02T03:04:05.000Z',
      },
      seconds: 12,
      benchmarks: [],
      figures,
      comparisons: comparisonResults(comparisons, figures),
      pending,
    };
    expect(suite.comparisons).toHaveLength(1);
    expect(suite.comparisons[0]!.ratioResident).toBe(40);
    expect(suite.comparisons[0]!.ratioCuStyle).toBe(2000);
    const md = renderMarkdown(suite);
    expect(md).toContain(
      '| counter handler: time per message (ProcessRuntime.handle, aos library) [1] | 50.0 µs | 40.0 µs – 60.0 µs | 3 | ≤ 40.0 µs | **no** |',
    );
    expect(md).toContain('| counter handler, per message | 50.0 µs | 2,000 µs | 40× | 100,000 µs | 2,000× |');
    for (const p of pending)
      expect(md).toContain(`| ${p.label} | not yet measured (unit not built: ${p.waitsFor})`);
    expect(md).toContain('Test CPU, 2 cores, 8.0 GiB RAM');
    expect(md).not.toContain('The machine was busy');
    const busy = renderMarkdown({ ...suite, machine: { ...suite.machine, loadAverage: 4 } });
    expect(busy).toContain('**The machine was busy**: its load average (4.00) was above its 2 cores');
  });

  it('parses sizes per benchmark and refuses unknown names', () => {
    const args = parseBenchArgs(['runtime', '--quick', '--runtime.boots', '7', '--runs=2'], benchmarks);
    expect(args).toMatchObject({ quick: true, only: ['runtime'], runs: 2, sizes: { runtime: { boots: 7 } } });
    expect(() => parseBenchArgs(['nope'], benchmarks)).toThrow('no benchmark "nope"');
    expect(() => parseBenchArgs(['--runtime.bogus', '1'], benchmarks)).toThrow('runtime has no size "bogus"');
    expect(() => parseBenchArgs(['--runs', '0'], benchmarks)).toThrow('--runs needs a positive integer');
  });

  it('lists every goal figure a run leaves unjudged, with the reason, and warns about them in the report', () => {
    const runtimeFigures = figureResults(runtimeBenchmark, {}, { samples: { 'runtime.counter': [50] } });
    const graphql = benchmarks.find((b) => b.name === 'graphql')!;
    const graphqlFigures = figureResults(
      graphql,
      { messages: 20_000 },
      {
        samples: { 'graphql.tag-query-p95': [3], 'graphql.by-id': [0.5] },
      },
    );
    const ok = (name: string, sizes = {}) => ({ name, ok: true, seconds: 1, sizes, runs: 1 });
    const statuses = [
      ok('runtime'),
      ok('graphql', { messages: 20_000 }),
      { ...ok('rss'), ok: false, error: 'boom' },
    ];
    const missing = missingGoals(benchmarks, statuses, [...runtimeFigures, ...graphqlFigures]);
    const reasons = new Map(missing.map((m) => [m.id, m.reason]));
    expect(reasons.get('runtime.counter')).toBeUndefined(); // judged
    expect(reasons.get('graphql.tag-query-p95')).toBe('other sizes');
    expect(reasons.get('graphql.by-id')).toBe('other sizes');
    expect(reasons.get('rss.total')).toBe('benchmark failed');
    expect(reasons.get('ingest.http')).toBe('not run');
    // every goal figure but the one judged (runtime.counter) is listed, once
    const withGoals = benchmarks.flatMap((b) => b.figures.filter((f) => f.goal).map((f) => f.id));
    expect(missing.map((m) => m.id).sort()).toEqual(
      withGoals.filter((id) => id !== 'runtime.counter').sort(),
    );
    const warning = missingGoalsWarning({ missingGoals: missing });
    expect(warning).toContain(`**Warning**: ${missing.length} goal figures are not judged by this run`);
    expect(warning).toContain(
      'measured at other sizes than the goal’s: GraphQL tag query p95, 1,000,000 messages',
    );
    expect(warning).toContain('its benchmark failed: RSS with 1,000 live processes with state');
    expect(warning).toContain('benchmarks not run: compute; checkpoints; ingest; messenger).');
    expect(missingGoalsWarning({ missingGoals: [] })).toBe('');
    expect(missingGoalsWarning({})).toBe('');
  });

  it('formats the total wall time and names the cache files a benchmark added or grew', () => {
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(351.04)).toBe('5 min 51 s');
    expect(formatDuration(600)).toBe('10 min 0 s');
    const before = new Map([
      ['rsa-pool.bin', 100],
      ['aos2_0_6.wasm', 5],
    ]);
    const after = new Map([
      ['rsa-pool.bin', 200],
      ['aos2_0_6.wasm', 5],
      ['gateway-log-v2-20000.sqlite', 9],
      ['gateway-log-v2-1000000.sqlite.partial', 9],
      ['results.json', 1],
    ]);
    expect(addedCacheFiles(before, after)).toEqual(['gateway-log-v2-20000.sqlite', 'rsa-pool.bin']);
    expect(addedCacheFiles(after, after)).toEqual([]);
  });

  it('loads each registered benchmark by name on its own, and no other', async () => {
    expect(Object.keys(benchmarkLoaders).sort()).toEqual(benchmarks.map((b) => b.name).sort());
    for (const benchmark of benchmarks) expect(await loadBenchmark(benchmark.name)).toBe(benchmark);
    await expect(loadBenchmark('nope')).rejects.toThrow('no benchmark "nope"');
  });
});
