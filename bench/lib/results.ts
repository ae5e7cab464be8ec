/** Turns the benchmarks' raw samples into figures (median / min / max, goal met?) and comparisons. */
import { meets, throughputRatio } from './format.js';
import { summarize } from './stats.js';
import type {
  Benchmark,
  BenchmarkStatus,
  BenchOutput,
  Comparison,
  FigureResult,
  MissingGoal,
  Sizes,
  SuiteResult,
} from './types.js';

export function figureResults(benchmark: Benchmark, sizes: Sizes, output: BenchOutput): FigureResult[] {
  const results: FigureResult[] = [];
  for (const def of benchmark.figures) {
    const samples = output.samples[def.id];
    if (!samples || samples.length === 0) continue;
    const { goalApplies, ...plain } = def;
    const summary = summarize(samples);
    const goal = def.goal && (goalApplies?.(sizes) ?? true) ? def.goal : undefined;
    const result: FigureResult = {
      ...plain,
      ...summary,
      label: output.labels?.[def.id] ?? def.label,
      samples,
    };
    if (goal) {
      result.goal = goal;
      result.met = meets(goal, summary.median);
    } else {
      delete result.goal;
    }
    results.push(result);
  }
  return results;
}

export function comparisonResults(
  comparisons: readonly Comparison[],
  figures: readonly FigureResult[],
): SuiteResult['comparisons'] {
  const byId = new Map(figures.map((f) => [f.id, f]));
  return comparisons
    .filter((c) => byId.has(c.aolite) && byId.has(c.resident))
    .map((c) => {
      const aolite = byId.get(c.aolite)!;
      const resident = byId.get(c.resident)!;
      const cu = c.cuStyle ? byId.get(c.cuStyle) : undefined;
      const row: SuiteResult['comparisons'][number] = {
        ...c,
        ratioResident: throughputRatio(aolite.median, resident.median, aolite.better),
      };
      if (cu) row.ratioCuStyle = throughputRatio(aolite.median, cu.median, aolite.better);
      return row;
    });
}

/**
 * Every figure with a goal whose goal this run does not judge: its benchmark was not run or failed, it
 * has no sample, or it was measured at other sizes than its goal's (quick mode, size flags).
 */
export function missingGoals(
  all: readonly Benchmark[],
  statuses: readonly BenchmarkStatus[],
  figures: readonly FigureResult[],
): MissingGoal[] {
  const status = new Map(statuses.map((s) => [s.name, s]));
  const judged = new Map(figures.map((f) => [f.id, f]));
  const out: MissingGoal[] = [];
  for (const benchmark of all) {
    const ran = status.get(benchmark.name);
    for (const def of benchmark.figures) {
      if (!def.goal) continue;
      const figure = judged.get(def.id);
      const reason: MissingGoal['reason'] | undefined =
        ran === undefined
          ? 'not run'
          : !ran.ok
            ? 'benchmark failed'
            : figure === undefined
              ? 'no sample'
              : figure.met === undefined
                ? 'other sizes'
                : undefined;
      if (reason) out.push({ id: def.id, label: def.label, benchmark: benchmark.name, reason });
    }
  }
  return out;
}
