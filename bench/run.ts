/**
 * `npm run bench`: runs the registered benchmarks (bench/registry.ts), each in a fresh child process,
 * and writes BENCHMARKS.md and results.json. See `npm run bench -- --help`.
 */
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildJob, ChildReply } from './child.js';
import { type BenchArgs, helpText, parseBenchArgs } from './lib/args.js';
import { addedCacheFiles, cacheFiles } from './lib/cache-files.js';
import { formatDuration } from './lib/format.js';
import { machineInfo } from './lib/machine.js';
import { missingGoalsWarning, renderMarkdown } from './lib/report.js';
import { comparisonResults, figureResults, missingGoals } from './lib/results.js';
import type {
  Benchmark,
  BenchmarkStatus,
  BenchOutput,
  FigureResult,
  Sizes,
  SuiteResult,
} from './lib/types.js';
import { benchmarks, comparisons, pending } from './registry.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const cacheDir = join(repoRoot, 'bench', '.cache');
/** Runs per benchmark unless it or --runs says otherwise; quick keeps two so the whole run stays near a minute. */
const FULL_RUNS = 5;
const QUICK_RUNS = 2;

interface ChildResult {
  output: BenchOutput;
  cpuSeconds: number;
}

/** A benchmark's failure, with the CPU time its child spent before failing. */
class ChildFailure extends Error {
  constructor(
    message: string,
    readonly cpuSeconds: number,
  ) {
    super(message);
  }
}

function runChild(benchmark: Benchmark, job: ChildJob): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./child.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx', ...(benchmark.nodeFlags ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let reply: ChildReply | undefined;
    child.once('message', (message: ChildReply) => {
      reply = message;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (reply?.ok) resolve({ output: reply.output, cpuSeconds: reply.cpuSeconds });
      else if (reply) reject(new ChildFailure(reply.error, reply.cpuSeconds));
      else
        reject(
          new ChildFailure(`benchmark process exited (code ${code}, signal ${signal}) without a result`, 0),
        );
    });
    child.send(job);
  });
}

function mergeOutputs(outputs: BenchOutput[]): BenchOutput {
  const merged: BenchOutput = { samples: {}, labels: {} };
  for (const output of outputs) {
    for (const [id, values] of Object.entries(output.samples)) {
      merged.samples[id] = [...(merged.samples[id] ?? []), ...values];
    }
    Object.assign(merged.labels!, output.labels);
  }
  return merged;
}

function sizesFor(benchmark: Benchmark, args: BenchArgs): Sizes {
  const sizes: Sizes = {};
  for (const [name, def] of Object.entries(benchmark.sizes)) sizes[name] = args.quick ? def.quick : def.full;
  return { ...sizes, ...args.sizes[benchmark.name] };
}

async function main(): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2), benchmarks);
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    return 2;
  }
  if (args.help) {
    console.log(helpText(benchmarks));
    return 0;
  }
  if (args.render) {
    // Re-render a report from the figures a run stored (after a change to the report's layout).
    const jsonPath = resolve(args.render);
    const suite = JSON.parse(readFileSync(jsonPath, 'utf8')) as SuiteResult;
    suite.missingGoals ??= missingGoals(benchmarks, suite.benchmarks, suite.figures); // older results
    const mdPath =
      jsonPath === join(repoRoot, 'bench', 'results.json')
        ? join(repoRoot, 'BENCHMARKS.md')
        : join(dirname(jsonPath), 'BENCHMARKS.md');
    writeFileSync(mdPath, renderMarkdown(suite));
    console.error(`bench: rendered ${mdPath} from ${jsonPath}`);
    return 0;
  }
  const selected = args.only.length === 0 ? benchmarks : benchmarks.filter((b) => args.only.includes(b.name));
  const canonical =
    !args.quick && args.only.length === 0 && args.runs === undefined && Object.keys(args.sizes).length === 0;
  const started = performance.now();
  const machine = machineInfo();
  const statuses: BenchmarkStatus[] = [];
  const figures: FigureResult[] = [];
  const coldCache: string[] = [];

  for (const benchmark of selected) {
    const sizes = sizesFor(benchmark, args);
    const runs =
      args.runs ?? (args.quick ? (benchmark.runs?.quick ?? QUICK_RUNS) : (benchmark.runs?.full ?? FULL_RUNS));
    console.error(`bench: ${benchmark.name} (${runs} runs) …`);
    const t0 = performance.now();
    const job: ChildJob = { name: benchmark.name, sizes, runs, quick: args.quick, cacheDir };
    const cacheBefore = cacheFiles(cacheDir);
    try {
      const results = benchmark.isolateRuns
        ? await sequence(runs, () => runChild(benchmark, { ...job, runs: 1 }))
        : [await runChild(benchmark, job)];
      const output = mergeOutputs(results.map((r) => r.output));
      figures.push(...figureResults(benchmark, sizes, output));
      statuses.push({
        name: benchmark.name,
        ok: true,
        seconds: (performance.now() - t0) / 1000,
        cpuSeconds: results.reduce((sum, r) => sum + r.cpuSeconds, 0),
        sizes,
        runs,
      });
    } catch (error) {
      const message = (error as Error).message;
      console.error(`bench: ${benchmark.name} failed: ${message}`);
      statuses.push({
        name: benchmark.name,
        ok: false,
        seconds: (performance.now() - t0) / 1000,
        cpuSeconds: error instanceof ChildFailure ? error.cpuSeconds : 0,
        sizes,
        runs,
        error: message,
      });
    }
    for (const file of addedCacheFiles(cacheBefore, cacheFiles(cacheDir)))
      coldCache.push(`${benchmark.name}: ${file}`);
  }

  const suite: SuiteResult = {
    schema: 1,
    mode: args.quick ? 'quick' : 'full',
    complete: canonical,
    runs: args.runs ?? (args.quick ? QUICK_RUNS : FULL_RUNS),
    machine,
    seconds: (performance.now() - started) / 1000,
    benchmarks: statuses,
    figures,
    comparisons: comparisonResults(comparisons, figures),
    pending,
    missingGoals: missingGoals(benchmarks, statuses, figures),
  };
  if (coldCache.length > 0) suite.coldCache = coldCache;
  const markdown = renderMarkdown(suite);
  const outDir = args.out ?? (canonical ? undefined : cacheDir);
  const mdPath = outDir ? join(outDir, 'BENCHMARKS.md') : join(repoRoot, 'BENCHMARKS.md');
  const jsonPath = outDir ? join(outDir, 'results.json') : join(repoRoot, 'bench', 'results.json');
  if (outDir) mkdirSync(outDir, { recursive: true });
  writeFileSync(mdPath, markdown);
  writeFileSync(jsonPath, `${JSON.stringify(suite, null, 2)}\n`);
  console.log(markdown);
  console.error(`bench: wrote ${mdPath} and ${jsonPath}`);
  console.error(
    `bench: total wall time ${formatDuration(suite.seconds)}, benchmark CPU time ` +
      `${formatDuration(statuses.reduce((sum, s) => sum + (s.cpuSeconds ?? 0), 0))}` +
      (suite.coldCache ? ` (including filling bench/.cache: ${suite.coldCache.join(', ')})` : ''),
  );
  const warning = missingGoalsWarning(suite);
  if (warning) console.error(`bench: ${warning.replaceAll('**', '').replaceAll('`', '')}`);
  return statuses.every((s) => s.ok) ? 0 : 1;
}

async function sequence<T>(n: number, task: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await task());
  return out;
}

process.exitCode = await main();
