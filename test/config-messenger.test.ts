import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfigArgs } from '../src/config.js';
import { errorOf } from './support/error-of.js';

describe('messenger options', () => {
  it('default to 10,000 pushes deep, 100,000 deliveries per root and a 1 s cron tick', () => {
    expect(defaultConfig).toMatchObject({
      maxChainDepth: 10_000,
      maxChainMessages: 100_000,
      cronTickMs: 1000,
    });
  });

  it('are parsed from the command line', () => {
    expect(
      parseConfigArgs(['--max-chain-depth', '2100', '--max-chain-messages=500', '--cron-tick', '250']),
    ).toMatchObject({ maxChainDepth: 2100, maxChainMessages: 500, cronTickMs: 250 });
  });

  it('refuse a cron tick of 0 ms', () => {
    expect(errorOf(() => parseConfigArgs(['--cron-tick', '0'])).message).toBe(
      'option --cron-tick needs at least 1 ms',
    );
  });
});
