import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

describe('aolite command', () => {
  it('refuses an unknown command with exit code 2 and names it', async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => errors.push(line));
    expect(await main(['frobnicate'])).toBe(2);
    spy.mockRestore();
    expect(errors.join('\n')).toContain('unknown command "frobnicate"');
  });
});
