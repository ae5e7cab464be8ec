import { execFileSync } from 'node:child_process';
import { arch, availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { MachineInfo } from './types.js';

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** The machine, node version, date and git commit a run is measured on. */
export function machineInfo(): MachineInfo {
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    platform: platform(),
    release: release(),
    arch: arch(),
    node: process.version,
    loadAverage: loadavg()[0] ?? 0,
    commit: git(['rev-parse', 'HEAD']) || 'unknown',
    // The report files themselves do not make a run "dirty".
    dirty:
      status.split('\n').filter((line) => line !== '' && !/(BENCHMARKS\.md|bench\/results\.json)$/.test(line))
        .length > 0,
    date: new Date().toISOString(),
  };
}
