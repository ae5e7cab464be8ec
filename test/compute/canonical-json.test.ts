import { describe, expect, it } from 'vitest';
import { canonicalJson, encodeResult } from '../../src/compute/result-hash.js';
import type { EvalResult } from '../../src/runtime/types.js';

/** The canonical JSON definition written the plain way (sort every key list, quote every key). */
function reference(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`);
  return `{${members.join(',')}}`;
}

/** A small deterministic generator (no Math.random: a failure must reproduce). */
function generator(seed: number) {
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const keys = [
    'a',
    'B',
    'b',
    '10',
    '9',
    '0',
    '-1',
    'é',
    'Z',
    '__proto__',
    'Target',
    'Tags',
    '"q"',
    '\u0001',
    '',
  ];
  const scalars: unknown[] = [
    0,
    -0,
    1.5,
    1e21,
    Number.NaN,
    Infinity,
    'x',
    '\u001b[31m',
    '\ud800',
    true,
    false,
    null,
  ];
  const value = (depth: number): unknown => {
    const kind = depth > 3 ? 0 : next(4);
    if (kind === 0) return scalars[next(scalars.length)];
    if (kind === 1)
      return Array.from({ length: next(4) }, () => (next(6) === 0 ? undefined : value(depth + 1)));
    const object: Record<string, unknown> = {};
    for (let i = next(5); i > 0; i--) {
      Object.defineProperty(object, keys[next(keys.length)]!, {
        value: next(7) === 0 ? undefined : value(depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return object;
  };
  return value;
}

describe('canonical JSON', () => {
  it('sorts keys by code unit at every depth, including integer-like keys that objects list first', () => {
    expect(canonicalJson({ b: 1, 10: 'ten', 9: 'nine', a: [{ z: 1, y: undefined, x: Number.NaN }] })).toBe(
      '{"10":"ten","9":"nine","a":[{"x":null,"z":1}],"b":1}',
    );
    expect(canonicalJson([undefined, {}, []])).toBe('[null,{},[]]');
  });

  it('agrees with the plain definition on a thousand generated values', () => {
    const value = generator(7);
    for (let i = 0; i < 1000; i++) {
      const v = value(0);
      expect(canonicalJson(v)).toBe(reference(v));
    }
  });

  it('encodes a result as the canonical object of its fields, Error only when present', () => {
    const result: EvalResult = {
      Output: { print: true, data: 'Count is now 3', prompt: '> ' },
      Messages: [{ Target: 'p', Tags: [{ value: 'Reply', name: 'Action' }] }],
      Spawns: [],
      Assignments: [],
      GasUsed: 12,
    };
    expect(encodeResult(result)).toBe(reference(result));
    expect(encodeResult({ ...result, Error: 'boom' })).toBe(reference({ ...result, Error: 'boom' }));
  });
});
