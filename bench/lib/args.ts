/** Command-line flags of bench/run.ts. */
import type { Benchmark, Sizes } from './types.js';

export interface BenchArgs {
  quick: boolean;
  /** Benchmarks to run (all when empty). */
  only: string[];
  runs?: number;
  /** `--<benchmark>.<size> N` overrides. */
  sizes: Record<string, Sizes>;
  out?: string;
  /** Re-render BENCHMARKS.md from this results.json instead of running. */
  render?: string;
  help: boolean;
}

export function parseBenchArgs(argv: readonly string[], known: readonly Benchmark[]): BenchArgs {
  const args: BenchArgs = { quick: false, only: [], sizes: {}, help: false };
  const names = new Set(known.map((b) => b.name));
  const value = (flag: string, raw: string | undefined): string => {
    if (raw === undefined || raw === '') throw new Error(`${flag} needs a value`);
    return raw;
  };
  const count = (flag: string, raw: string | undefined): number => {
    const n = Number(value(flag, raw));
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got "${raw}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const next = () => (eq >= 0 ? arg.slice(eq + 1) : argv[++i]);
    if (flag === '--quick') args.quick = true;
    else if (flag === '--help' || flag === '-h') args.help = true;
    else if (flag === '--runs') args.runs = count(flag, next());
    else if (flag === '--out') args.out = value(flag, next());
    else if (flag === '--render') args.render = value(flag, next());
    else if (flag === '--only') args.only.push(...value(flag, next()).split(','));
    else if (flag.startsWith('--') && flag.includes('.')) {
      const [bench, size] = flag.slice(2).split('.', 2) as [string, string];
      const def = known.find((b) => b.name === bench);
      if (!def) throw new Error(`${flag}: no benchmark "${bench}"`);
      if (!(size in def.sizes)) {
        throw new Error(
          `${flag}: ${bench} has no size "${size}" (sizes: ${Object.keys(def.sizes).join(', ')})`,
        );
      }
      args.sizes[bench] = { ...args.sizes[bench], [size]: count(flag, next()) };
    } else if (!flag.startsWith('-')) args.only.push(arg);
    else throw new Error(`unknown flag ${flag} (see --help)`);
  }
  for (const name of args.only) {
    if (!names.has(name)) throw new Error(`no benchmark "${name}" (known: ${[...names].join(', ')})`);
  }
  return args;
}

export function helpText(known: readonly Benchmark[]): string {
  const lines = [
    'npm run bench -- [NAME ...] [--quick] [--only NAME[,NAME]] [--runs R] [--<bench>.<size> N] [--out DIR]',
    '',
    '  --quick     development sizes (under a minute); results go to bench/.cache/ unless --out',
    '  --runs R    runs per benchmark (each run gives one sample per figure; default 5, 2 quick)',
    '  --out DIR   write BENCHMARKS.md and results.json there',
    '  --render FILE  no run: re-render BENCHMARKS.md next to FILE (bench/results.json → ./BENCHMARKS.md)',
    '  A full run of every benchmark at default sizes writes BENCHMARKS.md and bench/results.json.',
    '',
    'benchmarks and sizes (full / quick):',
  ];
  for (const b of known) {
    lines.push(`  ${b.name}: ${b.summary}`);
    for (const [size, def] of Object.entries(b.sizes)) {
      lines.push(`    --${b.name}.${size} N   ${def.help} (${def.full} / ${def.quick})`);
    }
  }
  return lines.join('\n');
}
