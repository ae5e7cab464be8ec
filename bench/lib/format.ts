import type { Goal, Unit } from './types.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');

function fixed(n: number, digits: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A value with its unit, rounded for reading. */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'µs':
    case 'ms':
      return `${value >= 100 ? int(value) : value >= 10 ? fixed(value, 1) : fixed(value, 2)} ${unit}`;
    case 'bytes':
      if (value >= 1024 * 1024) return `${fixed(value / (1024 * 1024), 2)} MiB`;
      if (value >= 1024) return `${fixed(value / 1024, 1)} KiB`;
      return `${int(value)} B`;
    case 'MiB':
      return `${value >= 100 ? int(value) : fixed(value, 2)} MiB`;
    default:
      return `${value >= 100 ? int(value) : fixed(value, 1)} ${unit}`;
  }
}

export function formatGoal(goal: Goal, unit: Unit): string {
  const op = goal.op === '<=' ? '≤' : goal.op === '>=' ? '≥' : '<';
  return `${op} ${formatValue(goal.value, unit)}`;
}

export function meets(goal: Goal, value: number): boolean {
  if (goal.op === '<=') return value <= goal.value;
  if (goal.op === '<') return value < goal.value;
  return value >= goal.value;
}

/** aolite/reference as a throughput ratio: > 1 means aolite is faster (or smaller). */
export function throughputRatio(aolite: number, reference: number, better: 'higher' | 'lower'): number {
  return better === 'higher' ? aolite / reference : reference / aolite;
}

export function formatRatio(ratio: number): string {
  return `${ratio >= 10 ? int(ratio) : fixed(ratio, ratio >= 1 ? 1 : 2)}×`;
}

/** A wall time in seconds as "42 s" or "5 min 51 s". */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  return `${Math.floor(total / 60)} min ${total % 60} s`;
}
