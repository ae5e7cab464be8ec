/**
 * Shapes shared by the benchmark suite: a benchmark module, the figures it measures, and what a run of
 * the suite reports. A benchmark runs in a child process of `bench/run.ts` and returns raw samples (one
 * number per run for each figure); the parent turns them into median / min / max.
 */

export type Unit = 'µs' | 'ms' | 'msg/s' | 'items/s' | 'bytes' | 'MiB' | 'processes/s' | 'transfers/s';

/** A speed or size goal from the issues. `<` / `<=` for times and sizes, `>=` for rates. */
export interface Goal {
  op: '<=' | '<' | '>=';
  value: number;
}

/** One figure a benchmark measures. */
export interface FigureDef {
  /** Stable id, `<benchmark>.<what>` (results.json key; the reference comparison refers to it). */
  id: string;
  /** What the figure is, for people: the table row. May mention the sizes used (see `label` in results). */
  label: string;
  unit: Unit;
  /** Which way is better: decides the throughput ratio against the reference. */
  better: 'higher' | 'lower';
  goal?: Goal;
  /** The goal is for one size (e.g. 1,000 processes): judged only when this says so. */
  goalApplies?: (sizes: Sizes) => boolean;
  /** Shown under the table (how it is measured, what it includes). */
  note?: string;
}

/** The sizes of one benchmark after defaults and flags. */
export type Sizes = Record<string, number>;

export interface SizeDef {
  full: number;
  quick: number;
  help: string;
}

export interface BenchContext {
  sizes: Sizes;
  /** Runs to make; each run adds one sample per figure. */
  runs: number;
  quick: boolean;
  /** bench/.cache (gitignored): pre-signed items, the reference module. */
  cacheDir: string;
  log(message: string): void;
}

/** Samples per figure id: one number per run. Labels may be replaced (e.g. to state a size). */
export interface BenchOutput {
  samples: Record<string, number[]>;
  labels?: Record<string, string>;
}

export interface Benchmark {
  name: string;
  summary: string;
  figures: FigureDef[];
  sizes: Record<string, SizeDef>;
  /** Node flags for the child process that runs this benchmark. */
  nodeFlags?: string[];
  /** Run every repetition in its own fresh child process (for whole-process figures such as RSS). */
  isolateRuns?: boolean;
  /** Runs for this benchmark when --runs is not given (default: 5 full, 2 quick). */
  runs?: { full: number; quick: number };
  run(ctx: BenchContext): Promise<BenchOutput>;
}

/** A figure that belongs to a unit not built yet: shown as a row without a value, never with a guess. */
export interface PendingFigure {
  id: string;
  label: string;
  unit: Unit;
  goal?: Goal;
  /** The unit it waits for (compute, messenger, graphql). */
  waitsFor: string;
}

/** One side-by-side row: an aolite figure and the same workload on the reference aos module. */
export interface Comparison {
  label: string;
  aolite: string;
  resident: string;
  cuStyle?: string;
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export interface FigureResult extends FigureDef, Summary {
  samples: number[];
  met?: boolean;
}

export interface BenchmarkStatus {
  name: string;
  ok: boolean;
  seconds: number;
  /** CPU time (user + system, all threads) of its child processes; absent in older results. */
  cpuSeconds?: number;
  sizes: Sizes;
  runs: number;
  error?: string;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryBytes: number;
  platform: string;
  release: string;
  arch: string;
  node: string;
  /** 1-minute load average when the run started: other work on the machine skews figures. */
  loadAverage: number;
  commit: string;
  dirty: boolean;
  date: string;
}

/** A figure with a goal whose goal this run does not judge, and why (shown as a warning). */
export interface MissingGoal {
  id: string;
  label: string;
  benchmark: string;
  reason: 'not run' | 'benchmark failed' | 'no sample' | 'other sizes';
}

export interface SuiteResult {
  schema: 1;
  mode: 'full' | 'quick';
  complete: boolean;
  runs: number;
  machine: MachineInfo;
  seconds: number;
  benchmarks: BenchmarkStatus[];
  figures: FigureResult[];
  comparisons: Array<Comparison & { ratioResident?: number; ratioCuStyle?: number }>;
  pending: PendingFigure[];
  /** What this run wrote into bench/.cache (`benchmark: file`): its total time includes building them. */
  coldCache?: string[];
  /** Goal figures this run left unjudged (absent in results written before it existed). */
  missingGoals?: MissingGoal[];
}
