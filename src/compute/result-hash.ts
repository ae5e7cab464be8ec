import { hash } from 'node:crypto';
import { AoliteError } from '../core/errors.js';
import type { EvalResult } from '../runtime/types.js';

/**
 * The one definition of a result's canonical encoding and hash; evaluation stores both and verification
 * recomputes them from a replay.
 *
 * Canonical JSON: the JSON text of the value with every object's keys in ascending code-unit order (at
 * every depth), members whose value is `undefined` left out, arrays in order, strings and numbers as
 * `JSON.stringify` writes them (numbers: shortest round-trip form; non-finite → null), no whitespace.
 * The result is encoded as the object `{Assignments, Error?, GasUsed, Messages, Output, Spawns}`
 * (Error only when present). Result hash = base64url(SHA-256(UTF-8 of that text)).
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        const n = value.length;
        if (n === 0) return '[]';
        let out = '[';
        for (let i = 0; i < n; i++) {
          if (i > 0) out += ',';
          const v: unknown = value[i];
          out += v === undefined ? 'null' : canonicalJson(v);
        }
        return `${out}]`;
      }
      return canonicalObject(value as Record<string, unknown>);
    }
    case 'bigint':
      return value.toString();
    default:
      return 'null';
  }
}

/** Quoted keys: results repeat a handful of key names (data, print, Target, Tags, name, value…). */
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 1024;

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function canonicalObject(object: Record<string, unknown>): string {
  const keys = Object.keys(object);
  const n = keys.length;
  // Objects decoded from Lua's JSON usually come with their keys in order already: check before sorting.
  for (let i = 1; i < n; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  let first = true;
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    const v = object[key];
    if (v === undefined) continue;
    if (first) first = false;
    else out += ',';
    out += `${quoteKey(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

/** The canonical JSON text of an evaluation result (the `results.result` column). */
export function encodeResult(result: EvalResult): string {
  let out = `{"Assignments":${canonicalJson(result.Assignments)}`;
  if (result.Error !== undefined) out += `,"Error":${JSON.stringify(result.Error)}`;
  return `${out},"GasUsed":${canonicalJson(result.GasUsed)},"Messages":${canonicalJson(result.Messages)},"Output":${canonicalJson(result.Output)},"Spawns":${canonicalJson(result.Spawns)}}`;
}

/** base64url(SHA-256) of a canonical result text. */
export function hashEncodedResult(encoded: string): string {
  return hash('sha256', encoded, 'base64url');
}

/** The result hash of an evaluation result: `hashEncodedResult(encodeResult(result))`. */
export function resultHash(result: EvalResult): string {
  return hashEncodedResult(encodeResult(result));
}

/** A stored canonical result back as an EvalResult. */
export function decodeStoredResult(encoded: string): EvalResult {
  const value = JSON.parse(encoded) as EvalResult | null;
  if (value === null || typeof value !== 'object' || !Array.isArray(value.Messages)) {
    throw new AoliteError('INTERNAL', 'a stored result is not a result object');
  }
  return value;
}
