import { AoliteError } from './errors.js';
import type { Tag } from './types.js';

/** One `Cron-Interval` of a process and the `Cron-Tag-*` tags that follow it (before the next interval). */
export interface CronSpec {
  /** Position among the process's `Cron-Interval` tags. */
  index: number;
  /** The tag value as declared, e.g. `10-seconds`. */
  interval: string;
  /** `ms` for time units, `blocks` for block heights. */
  unit: 'ms' | 'blocks';
  /** Interval length in ms (unit ms) or blocks. */
  every: number;
  /** The cron message's tags: `Cron-Tag-<Name>=v` becomes `<Name>=v`. */
  tags: Tag[];
}

const unitMs: Record<string, number> = {
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

/** Parses `N-seconds|minutes|hours|days|weeks|blocks` (singular too). BAD_REQUEST naming the value. */
export function parseCronInterval(value: string): Pick<CronSpec, 'unit' | 'every'> {
  const match = /^\s*(\d+)\s*-\s*([a-zA-Z]+?)s?\s*$/.exec(value);
  const count = match ? Number(match[1]) : Number.NaN;
  const unit = match?.[2]?.toLowerCase() ?? '';
  if (!Number.isSafeInteger(count) || count <= 0 || (unit !== 'block' && unitMs[unit] === undefined)) {
    throw new AoliteError(
      'BAD_REQUEST',
      `Cron-Interval "${value}" is not N-<unit> with N > 0 and unit one of seconds, minutes, hours, days, weeks, blocks`,
    );
  }
  if (unit === 'block') return { unit: 'blocks', every: count };
  return { unit: 'ms', every: count * (unitMs[unit] ?? 0) };
}

/** The crons a process declares, in tag order (empty when it has none). */
export function parseCrons(tags: readonly Tag[]): CronSpec[] {
  const specs: CronSpec[] = [];
  for (const tag of tags) {
    if (tag.name === 'Cron-Interval') {
      specs.push({ index: specs.length, interval: tag.value, ...parseCronInterval(tag.value), tags: [] });
    } else if (tag.name.startsWith('Cron-Tag-')) {
      const name = tag.name.slice('Cron-Tag-'.length);
      const current = specs.at(-1);
      if (current !== undefined && name !== '') current.tags.push({ name, value: tag.value });
    }
  }
  return specs;
}

/**
 * One due cron message: interval `spec`, k-th tick. A time cron fires at `timestamp` = process start +
 * k·interval; a block cron at block `height` = the process's first block + k·interval, and takes the
 * time it is assigned at (`timestamp` undefined).
 */
export interface CronTick {
  spec: CronSpec;
  k: number;
  timestamp?: number;
  height?: number;
}

/**
 * Every tick of the time crons firing after `after` and at or before `upTo`, in time order (ties in
 * interval order). Ticks fire at `start + k·every`, k ≥ 1: a pure function of the process start, so a
 * replay or a restart yields the same ticks.
 */
export function dueTicks(specs: readonly CronSpec[], start: number, after: number, upTo: number): CronTick[] {
  const ticks: CronTick[] = [];
  for (const spec of specs) {
    if (spec.unit !== 'ms') continue;
    let k = Math.max(1, Math.floor((after - start) / spec.every) + 1);
    for (let at = start + k * spec.every; at <= upTo; k++, at += spec.every) {
      if (at > after) ticks.push({ spec, k, timestamp: at });
    }
  }
  return ticks.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || a.spec.index - b.spec.index);
}

/**
 * Every tick of the block crons whose height is above `afterHeight` and at or below `upToHeight`, in
 * height order (ties in interval order). Ticks fire at `startHeight + k·every`, k ≥ 1.
 */
export function dueBlockTicks(
  specs: readonly CronSpec[],
  startHeight: number,
  afterHeight: number,
  upToHeight: number,
): CronTick[] {
  const ticks: CronTick[] = [];
  for (const spec of specs) {
    if (spec.unit !== 'blocks') continue;
    let k = Math.max(1, Math.floor((afterHeight - startHeight) / spec.every) + 1);
    for (let at = startHeight + k * spec.every; at <= upToHeight; k++, at += spec.every) {
      if (at > afterHeight) ticks.push({ spec, k, height: at });
    }
  }
  return ticks.sort((a, b) => (a.height ?? 0) - (b.height ?? 0) || a.spec.index - b.spec.index);
}

/** Marks a cron tick item (signed by the process's scheduler, addressed to the process). */
export const CRON_TICK_TYPE = 'Cron';

/**
 * Whether an item at a slot of `processId` is one of its cron ticks: `Type=Cron`, signed by the process's
 * scheduler and addressed to the process. Nobody else can sign as the scheduler, so a tick cannot be
 * forged; a tick of another process assigned here (ao `assign`) is an ordinary message.
 */
export function isCronTickOf(
  item: { type: string | undefined; ownerAddress: string; target: string | null | undefined },
  processId: string,
  scheduler: string,
): boolean {
  return item.type === CRON_TICK_TYPE && item.ownerAddress === scheduler && item.target === processId;
}

/** The tags of the item recording tick `k` of `spec`: deterministic, so the tick's id is too. */
export function cronTickTags(tick: CronTick): Tag[] {
  return [
    { name: 'Data-Protocol', value: 'ao' },
    { name: 'Variant', value: 'ao.TN.1' },
    { name: 'Type', value: CRON_TICK_TYPE },
    { name: 'Cron-Interval', value: tick.spec.interval },
    { name: 'Cron-Index', value: String(tick.spec.index) },
    { name: 'Cron-Tick', value: String(tick.k) },
    tick.height === undefined
      ? { name: 'Timestamp', value: String(tick.timestamp) }
      : { name: 'Block-Height', value: String(tick.height) },
    ...tick.spec.tags.map((tag) => ({ name: `Cron-Tag-${tag.name}`, value: tag.value })),
  ];
}

/** The cron message's tags from a tick item's tags (`Cron-Tag-` prefix removed). */
export function cronMessageTags(tickTags: readonly Tag[]): Tag[] {
  return tickTags
    .filter((tag) => tag.name.startsWith('Cron-Tag-'))
    .map((tag) => ({ name: tag.name.slice('Cron-Tag-'.length), value: tag.value }));
}
