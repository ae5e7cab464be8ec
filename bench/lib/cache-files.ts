/** What a benchmark added to bench/.cache: compared before and after it runs, to report a cold cache. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Files in the cache folder (not its subfolders) and their sizes; empty if it does not exist. */
export function cacheFiles(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    try {
      const stat = statSync(join(dir, name));
      if (stat.isFile()) out.set(name, stat.size);
    } catch {
      // removed meanwhile
    }
  }
  return out;
}

/** Files that appeared or grew between two listings, except the run's own reports. */
export function addedCacheFiles(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): string[] {
  const reports = new Set(['BENCHMARKS.md', 'results.json']);
  return [...after]
    .filter(
      ([name, size]) => !reports.has(name) && !name.endsWith('.partial') && size > (before.get(name) ?? -1),
    )
    .map(([name]) => name)
    .sort();
}
