import { describe, expect, it } from 'vitest';
import {
  cronMessageTags,
  cronTickTags,
  dueBlockTicks,
  dueTicks,
  parseCronInterval,
  parseCrons,
} from '../src/core/cron.js';
import { errorOf } from './support/error-of.js';

describe('cron intervals', () => {
  it('parse time units, singular or plural, and blocks', () => {
    expect(parseCronInterval('10-seconds')).toEqual({ unit: 'ms', every: 10_000 });
    expect(parseCronInterval('1-minute')).toEqual({ unit: 'ms', every: 60_000 });
    expect(parseCronInterval('2-hours')).toEqual({ unit: 'ms', every: 7_200_000 });
    expect(parseCronInterval('1-day')).toEqual({ unit: 'ms', every: 86_400_000 });
    expect(parseCronInterval('5-blocks')).toEqual({ unit: 'blocks', every: 5 });
  });

  it('refuse anything else, naming the value', () => {
    expect(errorOf(() => parseCronInterval('0-seconds')).message).toContain('Cron-Interval "0-seconds"');
    expect(errorOf(() => parseCronInterval('ten-minutes')).code).toBe('BAD_REQUEST');
    expect(errorOf(() => parseCronInterval('3-fortnights')).message).toContain('3-fortnights');
  });

  it('collect the Cron-Tag-* tags that follow each interval', () => {
    const specs = parseCrons([
      { name: 'Cron-Tag-Ignored', value: 'before any interval' },
      { name: 'Cron-Interval', value: '1-minute' },
      { name: 'Cron-Tag-Action', value: 'Tick' },
      { name: 'Name', value: 'p' },
      { name: 'Cron-Interval', value: '1-hour' },
      { name: 'Cron-Tag-Action', value: 'Hourly' },
      { name: 'Cron-Tag-Kind', value: 'report' },
    ]);
    expect(specs.map((s) => [s.index, s.interval, s.every, s.tags])).toEqual([
      [0, '1-minute', 60_000, [{ name: 'Action', value: 'Tick' }]],
      [
        1,
        '1-hour',
        3_600_000,
        [
          { name: 'Action', value: 'Hourly' },
          { name: 'Kind', value: 'report' },
        ],
      ],
    ]);
  });
});

describe('due ticks', () => {
  const specs = parseCrons([
    { name: 'Cron-Interval', value: '10-seconds' },
    { name: 'Cron-Interval', value: '15-seconds' },
  ]);

  it('fire at start + k·interval after the last assignment and up to now, in time order', () => {
    const ticks = dueTicks(specs, 1000, 1000, 31_000);
    expect(ticks.map((t) => [t.timestamp, t.spec.index, t.k])).toEqual([
      [11_000, 0, 1],
      [16_000, 1, 1],
      [21_000, 0, 2],
      [31_000, 0, 3],
      [31_000, 1, 2],
    ]);
    expect(dueTicks(specs, 1000, 31_000, 35_000)).toEqual([]);
    expect(dueTicks(specs, 1000, 31_000, 41_000).map((t) => t.timestamp)).toEqual([41_000]);
  });

  it('of block crons fire every N blocks from the first block, and time crons are left out', () => {
    const mixed = parseCrons([
      { name: 'Cron-Interval', value: '3-blocks' },
      { name: 'Cron-Interval', value: '1-minute' },
    ]);
    expect(dueBlockTicks(mixed, 10, 10, 19).map((t) => [t.height, t.k])).toEqual([
      [13, 1],
      [16, 2],
      [19, 3],
    ]);
    expect(dueBlockTicks(mixed, 10, 19, 21)).toEqual([]);
    expect(dueTicks(mixed, 0, 0, 60_000).map((t) => t.spec.interval)).toEqual(['1-minute']);
  });

  it('become items whose tags carry the tick and whose cron message has only the Cron-Tag values', () => {
    const [spec] = parseCrons([
      { name: 'Cron-Interval', value: '1-minute' },
      { name: 'Cron-Tag-Action', value: 'Tick' },
    ]);
    const tags = cronTickTags({ spec: spec!, k: 3, timestamp: 180_000 });
    expect(tags.find((t) => t.name === 'Cron-Tick')?.value).toBe('3');
    expect(tags.find((t) => t.name === 'Type')?.value).toBe('Cron');
    expect(cronMessageTags(tags)).toEqual([{ name: 'Action', value: 'Tick' }]);
  });
});
