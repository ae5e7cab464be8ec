import { readFileSync } from 'node:fs';
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

  it("prints a command's own usage for --help and -h, and exits 0", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    expect(await main(['serve', '--help'])).toBe(0);
    expect(await main(['verify', '-h'])).toBe(0);
    spy.mockRestore();
    expect(lines[0]).toMatch(/^aolite serve: start a node: aolite serve \[--data DIR\].*--max-chain-rate N/);
    expect(lines[1]).toMatch(/^aolite verify: replay a process .*aolite verify PROCESS/);
  });

  it('prints its version from package.json for --version and -v', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    expect(await main(['--version'])).toBe(0);
    expect(await main(['-v'])).toBe(0);
    spy.mockRestore();
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(lines).toEqual([`aolite ${version}`, `aolite ${version}`]);
  });
});
