/** Turns the benchmarks' raw samples into figures (median / min / max, goal met?) and comparisons. */
import { meets, throughputRatio } from './format.js';
import { summarize } from './stats.js';
import type { Benchmark, BenchOutput, Comparison, FigureResult, Sizes, SuiteResult } from './types.js';

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
