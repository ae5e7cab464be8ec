import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding aolite's package.json, found by walking up from this module, so the same code finds
 * `migrations/` when run from src/ (vitest, tsx) and from dist/ (built package).
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`aolite: no package root (package.json + migrations/) above ${from}`);
    dir = parent;
  }
}

/** The checked-in drizzle migrations folder. */
export function migrationsFolder(): string {
  return join(packageRoot(), 'migrations');
}
