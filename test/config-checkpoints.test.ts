import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfigArgs } from '../src/config.js';
import { errorOf } from './support/error-of.js';

describe('checkpoint policy options', () => {
  it('default to every 1000 slots or 10 s of evaluation, on eviction and on shutdown', () => {
    expect(defaultConfig).toMatchObject({
      checkpointEverySlots: 1000,
      checkpointEveryMs: 10_000,
      checkpointOnEviction: true,
      checkpointOnShutdown: true,
    });
  });

  it('are parsed from the command line', () => {
    const config = parseConfigArgs([
      '--checkpoint-every-slots',
      '50',
      '--checkpoint-every-ms=0',
      '--checkpoint-on-eviction',
      'false',
      '--checkpoint-on-shutdown=true',
    ]);
    expect(config).toMatchObject({
      checkpointEverySlots: 50,
      checkpointEveryMs: 0,
      checkpointOnEviction: false,
      checkpointOnShutdown: true,
    });
  });

  it('refuse a switch that is not true or false', () => {
    expect(errorOf(() => parseConfigArgs(['--checkpoint-on-eviction', 'yes'])).message).toBe(
      'option --checkpoint-on-eviction needs true or false, got "yes"',
    );
  });
});
