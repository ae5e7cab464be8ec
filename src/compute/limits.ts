import { AoliteError } from '../core/errors.js';
import { tagValue } from '../core/tags.js';
import type { Tag } from '../core/types.js';
import { DEFAULT_LIMITS, type RuntimeLimits } from '../runtime/types.js';

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/**
 * A Memory-Limit value in bytes: a plain positive integer (`1073741824`) or `<n>-<unit>` with unit b, kb,
 * mb, gb, tb (binary multiples; `kib`…`tib` accepted as synonyms), case-insensitive: `1-gb`, `512-mb`.
 */
export function parseMemoryLimit(value: string): number {
  const text = value.trim().toLowerCase();
  const match = /^(\d+)(?:-([a-z]+))?$/.exec(text);
  const unit = match?.[2] === undefined ? 1 : UNITS[match[2]];
  const amount = match ? Number(match[1]) * (unit ?? Number.NaN) : Number.NaN;
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new AoliteError(
      'BAD_REQUEST',
      `Memory-Limit "${value}" is not a size: use a positive integer of bytes or <n>-<b|kb|mb|gb|tb>, e.g. 512-mb`,
      { tag: 'Memory-Limit', value },
    );
  }
  return amount;
}

/** A Compute-Limit value: a positive integer number of Lua VM instructions (`1000000000`). */
export function parseComputeLimit(value: string): number {
  const text = value.trim();
  const amount = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new AoliteError(
      'BAD_REQUEST',
      `Compute-Limit "${value}" is not a positive integer number of instructions`,
      { tag: 'Compute-Limit', value },
    );
  }
  return amount;
}

/** The limits a module declares (its Memory-Limit / Compute-Limit), DEFAULT_LIMITS where it says nothing. */
export function moduleLimits(module: {
  memoryLimit: string | null;
  computeLimit: string | null;
}): RuntimeLimits {
  return {
    gas: module.computeLimit === null ? DEFAULT_LIMITS.gas : parseComputeLimit(module.computeLimit),
    memoryBytes:
      module.memoryLimit === null ? DEFAULT_LIMITS.memoryBytes : parseMemoryLimit(module.memoryLimit),
  };
}

/**
 * The limits a process runs under: its module's, lowered (never raised) by the process's own
 * `Memory-Limit` / `Compute-Limit` tags. Throws BAD_REQUEST naming a tag that does not parse.
 */
export function processLimits(base: RuntimeLimits, processTags: readonly Tag[]): RuntimeLimits {
  const memory = tagValue(processTags, 'Memory-Limit');
  const compute = tagValue(processTags, 'Compute-Limit');
  return {
    gas: compute === undefined ? base.gas : Math.min(base.gas, parseComputeLimit(compute)),
    memoryBytes:
      memory === undefined ? base.memoryBytes : Math.min(base.memoryBytes, parseMemoryLimit(memory)),
  };
}
