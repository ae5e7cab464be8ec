import { AoliteError } from '../core/errors.js';
import type { StateKey, StateRead } from '../runtime/state-reader.js';

const MAX_PATH_LENGTH = 1024;
const MAX_KEYS = 64;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/;
/** A field after a ".": any run up to the next ".", "[" or space, so Balances.<address> reads as written. */
const FIELD = /^[^.[\]"\s]+/;
const INDEX = /^\[(-?\d+)\]/;
const STRING_INDEX = /^\["((?:[^"\\]|\\.)*)"\]/;

function bad(path: string, why: string): AoliteError {
  return new AoliteError(
    'BAD_REQUEST',
    `state path "${path}" ${why}; write a global name followed by .field, [integer] or ["string"] parts, e.g. Balances.<address> or Handlers.list[1].name`,
    { path },
  );
}

/**
 * Parses a state path into keys, strictly: a global identifier, then any of `.field` (a string key: any
 * characters but `.`, `[`, `]`, `"` and spaces, so an address with `-` or a leading digit works),
 * `[integer]`, `["string"]` (JSON string escapes). Nothing else is accepted and nothing is ever evaluated as Lua.
 */
export function parseStatePath(path: string): StateKey[] {
  if (path === '') throw bad(path, 'is empty');
  if (path.length > MAX_PATH_LENGTH)
    throw bad(path.slice(0, 40), `is longer than ${MAX_PATH_LENGTH} characters`);
  const first = IDENTIFIER.exec(path);
  if (!first) throw bad(path, 'must start with a global name');
  const keys: StateKey[] = [first[0]];
  let rest = path.slice(first[0].length);
  while (rest !== '') {
    if (keys.length >= MAX_KEYS) throw bad(path, `has more than ${MAX_KEYS} parts`);
    const at = path.length - rest.length;
    if (rest.startsWith('.')) {
      const name = FIELD.exec(rest.slice(1));
      if (!name) throw bad(path, `has no field name after the "." at position ${at}`);
      keys.push(name[0]);
      rest = rest.slice(1 + name[0].length);
      continue;
    }
    const index = INDEX.exec(rest);
    if (index) {
      const n = Number(index[1]);
      if (!Number.isSafeInteger(n)) throw bad(path, `has an index out of range at position ${at}`);
      keys.push(n);
      rest = rest.slice(index[0].length);
      continue;
    }
    const quoted = STRING_INDEX.exec(rest);
    if (quoted) {
      let key: unknown;
      try {
        key = JSON.parse(`"${quoted[1]}"`);
      } catch {
        throw bad(path, `has a badly escaped string at position ${at}`);
      }
      keys.push(key as string);
      rest = rest.slice(quoted[0].length);
      continue;
    }
    throw bad(path, `has an unexpected "${rest[0]}" at position ${at}`);
  }
  return keys;
}

/** The path text of the first `count` keys, for messages. */
export function formatStatePath(keys: readonly StateKey[], count = keys.length): string {
  let out = '';
  for (const key of keys.slice(0, count)) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (out === '') out = key;
    else out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** The value a state read found, or the AoliteError saying why there is none. */
export function stateValue(
  processId: string,
  keys: readonly StateKey[],
  slot: number,
  read: StateRead,
): unknown {
  const path = formatStatePath(keys);
  if (read.found) return JSON.parse(read.json) as unknown;
  if ('tooLarge' in read) {
    throw new AoliteError(
      'LIMIT_EXCEEDED',
      `process ${processId}: the value at ${path} is more than the ${read.limit.toLocaleString('en-US')} characters of JSON a state read returns (slot ${slot}); read a part of it (a field or index under ${path})`,
      { processId, path, slot },
    );
  }
  if ('error' in read) {
    throw new AoliteError(
      'BAD_REQUEST',
      `process ${processId}: its state could not be read at slot ${slot}: ${read.error}`,
      {
        processId,
        path,
        slot,
      },
    );
  }
  const at = formatStatePath(keys, read.index + 1);
  throw new AoliteError(
    'NOT_FOUND',
    read.type === 'nil'
      ? `process ${processId} has no value at ${at} (slot ${slot})`
      : `process ${processId}: ${formatStatePath(keys, read.index)} is a ${read.type}, not a table, so it has no ${at} (slot ${slot})`,
    // `missing`: the path leads nowhere at this slot (a diff reads that as added or removed).
    { processId, path, slot, missing: true },
  );
}
