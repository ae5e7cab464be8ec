/**
 * A structural diff of two JSON values (pure): the paths where they differ, depth first, objects by key in
 * sorted order and arrays by index (written 1-based, as Lua indexes the list, so a path reads back with
 * the state path syntax). Objects and arrays are walked into; anything else that differs (or a
 * change of kind) is one CHANGED entry with both values.
 */

export type JsonChangeKind = 'ADDED' | 'REMOVED' | 'CHANGED';

export interface JsonChange {
  /** Relative to the compared values: `a.b`, `a[2]` (1-based), `a["key with space"]`; "" for the root. */
  path: string;
  kind: JsonChangeKind;
  before: unknown;
  after: unknown;
}

export interface JsonDiff {
  changes: JsonChange[];
  /** More changes existed than `maxChanges`. */
  truncated: boolean;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Appends one key (or 0-based array index, written 1-based) to a path. */
export function joinJsonPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key + 1}]`;
  if (identifier.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

type Container = Record<string, unknown> | unknown[];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function sameScalar(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

export function diffJson(before: unknown, after: unknown, maxChanges = 1000): JsonDiff {
  const changes: JsonChange[] = [];
  let truncated = false;
  const push = (change: JsonChange): boolean => {
    if (changes.length >= maxChanges) {
      truncated = true;
      return false;
    }
    changes.push(change);
    return true;
  };
  const walk = (path: string, a: unknown, b: unknown): boolean => {
    const bothArrays = Array.isArray(a) && Array.isArray(b);
    const bothObjects = isObject(a) && isObject(b);
    if (!bothArrays && !bothObjects) {
      if (sameScalar(a, b)) return true;
      return push({ path, kind: 'CHANGED', before: a, after: b });
    }
    const left = a as Container;
    const right = b as Container;
    const keys = bothArrays
      ? Array.from({ length: Math.max((a as unknown[]).length, (b as unknown[]).length) }, (_, i) => i)
      : [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
    for (const key of keys) {
      const child = joinJsonPath(path, key);
      const inLeft = Object.hasOwn(left, key);
      const inRight = Object.hasOwn(right, key);
      const l = (left as Record<string | number, unknown>)[key];
      const r = (right as Record<string | number, unknown>)[key];
      const ok = !inRight
        ? push({ path: child, kind: 'REMOVED', before: l, after: null })
        : !inLeft
          ? push({ path: child, kind: 'ADDED', before: null, after: r })
          : walk(child, l, r);
      if (!ok) return false;
    }
    return true;
  };
  walk('', before, after);
  return { changes, truncated };
}
