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

  it('refuse a cron tick of 0 ms or longer than a timer can wait', () => {
    expect(errorOf(() => parseConfigArgs(['--cron-tick', '0'])).message).toBe(
      'option --cron-tick needs an integer from 1 to 2147483647, got "0"',
    );
    expect(errorOf(() => parseConfigArgs(['--cron-tick=2147483648'])).code).toBe('BAD_REQUEST');
  });

  it('refuse values a node cannot run with, naming the range', () => {
    expect(errorOf(() => parseConfigArgs(['--max-body', '0'])).message).toBe(
      'option --max-body needs an integer from 1024 to 2147483647, got "0"',
    );
    expect(errorOf(() => parseConfigArgs(['--block-interval', '1e15'])).message).toBe(
      'option --block-interval needs an integer from 100 to 2147483647, got "1e15"',
    );
    expect(errorOf(() => parseConfigArgs(['--port', '70000'])).message).toBe(
      'option --port needs an integer from 0 to 65535, got "70000"',
    );
    expect(errorOf(() => parseConfigArgs(['--max-engines', '0'])).message).toBe(
      'option --max-engines needs an integer of at least 1, got "0"',
    );
    expect(errorOf(() => parseConfigArgs(['--max-chain-rate', '-1'])).message).toBe(
      'option --max-chain-rate needs a non-negative integer, got "-1"',
    );
    expect(parseConfigArgs(['--block-interval', '100', '--max-body=1024'])).toMatchObject({
      blockIntervalMs: 100,
      maxBodyBytes: 1024,
    });
  });
});
