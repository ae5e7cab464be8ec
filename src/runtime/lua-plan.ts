/**
 * Push plans: JSON-like JS values turned into the Lua values the library's `json.decode` would give for
 * their `JSON.stringify` text, as a list of C API operations (lua-values.ts runs them on a Lua stack;
 * a Lua JSON decoder costs far more per byte than a few calls per value):
 *  - strings as their UTF-8 bytes; booleans as booleans;
 *  - numbers as Lua's `tonumber` reads their JSON text: integers (no exponent, within 64 bits) as
 *    Lua integers, anything else as floats; NaN and ±Infinity (JSON null) as nil;
 *  - objects as tables filled key by key in property order (null/undefined fields left out), arrays as
 *    tables filled 1..n (a null leaves a hole), each starting empty, as the decoder builds them (an
 *    array without holes starts with its array part sized: same pairs order and length); except
 *    an array element that is exactly `{name, value}` with two plain strings (no quote, backslash or
 *    control character), which the decoder builds with a two-field constructor: a table presized for 2.
 * Values the decoder cannot give the same way (strings with lone surrogates, nesting deeper than
 * MAX_DEPTH, non-plain objects) become a plan that pushes their JSON text; the Lua side decodes a string.
 *
 * Pure (no Lua, no wasm): a plan is plain typed arrays, so one built on another thread is the same plan,
 * and it can cross threads as transferable buffers (compute/read-ahead.ts).
 */
export interface LuaValue {
  /** Triples (operation, a, b). */
  readonly ops: Int32Array;
  /** The UTF-8 bytes of the plan's strings, in the order its STRING operations push them. */
  readonly bytes: Uint8Array;
  readonly integers: BigInt64Array;
  readonly floats: Float64Array;
}

// Operations of a push plan.
export const NEW_TABLE = 0; // a: record size hint, b: array size hint
export const STRING = 1; // b: length (bytes follow the previous string's)
export const INTEGER = 2; // a: index in integers
export const FLOAT = 3; // a: index in floats
export const BOOLEAN = 4; // a: 0/1
export const SET_FIELD = 5; // table at -3 [key at -2] = value at -1
export const SET_INDEX = 6; // table at -2 [a] = value at -1
export const NIL = 7;

export interface LuaPlanBuilder {
  /** The push plan of a value (a snapshot: later changes to `value` do not reach it). */
  prepare(value: unknown): LuaValue;
}

const MAX_DEPTH = 12;
// Shared by plans without integers or floats (plans are never written to).
const NO_INTEGERS = new BigInt64Array(0);
const NO_FLOATS = new Float64Array(0);
const LUA_MAX_INTEGER = 2n ** 63n - 1n;
const LUA_MIN_INTEGER = -(2n ** 63n);

/** No quote, backslash or control character (what the decoder's fast tag pattern accepts). */
function isPlain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x7f) return false;
  }
  return true;
}

class Unrepresentable extends Error {}

/** String.prototype.isWellFormed (Node 20; not in the project's TS lib). */
interface WellFormed {
  isWellFormed(): boolean;
}

/** True when `value` is left out of JSON objects (and null in arrays). */
function isAbsent(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    typeof value === 'function' ||
    typeof value === 'symbol' ||
    (typeof value === 'number' && !Number.isFinite(value))
  );
}

function isTag(value: unknown): value is { name: string; value: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const tag = value as { name: unknown; value: unknown };
  if (typeof tag.name !== 'string' || typeof tag.value !== 'string') return false;
  const keys = Object.keys(value);
  return (
    keys.length === 2 &&
    keys[0] === 'name' &&
    keys[1] === 'value' &&
    Object.getPrototypeOf(value) === Object.prototype &&
    isPlain(tag.name) &&
    isPlain(tag.value)
  );
}

/** A builder with reused scratch buffers (one per thread or engine; not reentrant). */
export function createLuaPlanBuilder(): LuaPlanBuilder {
  const encoder = new TextEncoder();
  let ops = new Int32Array(768);
  let opCount = 0;
  let bytes = new Uint8Array(4096);
  let byteCount = 0;
  let integers: bigint[] = [];
  let floats: number[] = [];

  function op(code: number, a: number, b: number): void {
    if (opCount + 3 > ops.length) {
      const grown = new Int32Array(ops.length * 2);
      grown.set(ops);
      ops = grown;
    }
    ops[opCount] = code;
    ops[opCount + 1] = a;
    ops[opCount + 2] = b;
    opCount += 3;
  }

  function reserve(length: number): void {
    if (byteCount + length <= bytes.length) return;
    const grown = new Uint8Array(Math.max(bytes.length * 2, byteCount + length));
    grown.set(bytes.subarray(0, byteCount));
    bytes = grown;
  }

  function addString(text: string): void {
    const n = text.length;
    if (n > 64) {
      addLongString(text);
      return;
    }
    // Short strings are mostly ASCII: written by hand (the encoder's call costs more than it saves).
    reserve(n);
    const out = bytes;
    let at = byteCount;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        addLongString(text);
        return;
      }
      out[at++] = c;
    }
    byteCount = at;
    op(STRING, 0, n);
  }

  function addLongString(text: string): void {
    reserve(text.length * 3);
    const { written } = encoder.encodeInto(text, bytes.subarray(byteCount));
    // The encoder writes a lone surrogate as U+FFFD: such a string cannot be pushed as itself.
    if (written !== text.length && !(text as unknown as WellFormed).isWellFormed())
      throw new Unrepresentable();
    byteCount += written;
    op(STRING, 0, written);
  }

  function addInteger(value: bigint): void {
    op(INTEGER, integers.length, 0);
    integers.push(value);
  }

  function addNumber(n: number): void {
    if (Number.isSafeInteger(n)) {
      // Its JSON text is its exact decimal: a Lua integer (-0 reads as 0).
      addInteger(BigInt(n));
      return;
    }
    if (!Number.isFinite(n)) {
      op(NIL, 0, 0);
      return;
    }
    const text = JSON.stringify(n);
    if (/^-?\d+$/.test(text)) {
      const value = BigInt(text);
      if (value >= LUA_MIN_INTEGER && value <= LUA_MAX_INTEGER) {
        addInteger(value);
        return;
      }
    }
    op(FLOAT, floats.length, 0);
    floats.push(n);
  }

  function add(value: unknown, depth: number): void {
    switch (typeof value) {
      case 'string':
        addString(value);
        return;
      case 'number':
        addNumber(value);
        return;
      case 'boolean':
        op(BOOLEAN, value ? 1 : 0, 0);
        return;
      case 'object':
        break;
      default:
        throw new Unrepresentable();
    }
    if (value === null || depth >= MAX_DEPTH) throw new Unrepresentable();
    if (Array.isArray(value)) {
      // An array without holes ends with all its items in the table's array part whether that part
      // grows item by item (as the decoder's) or is sized up front: same pairs order and length, and
      // no regrowth. With a hole, sizing up front could change the length (#): filled item by item.
      let holes = false;
      for (let i = 0; i < value.length && !holes; i++) holes = isAbsent(value[i]);
      op(NEW_TABLE, 0, holes ? 0 : value.length);
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (isAbsent(item)) continue;
        if (isTag(item)) {
          op(NEW_TABLE, 2, 0);
          addString('name');
          addString(item.name);
          op(SET_FIELD, 0, 0);
          addString('value');
          addString(item.value);
          op(SET_FIELD, 0, 0);
        } else {
          add(item, depth + 1);
        }
        op(SET_INDEX, i + 1, 0);
      }
      return;
    }
    const proto = Object.getPrototypeOf(value);
    if ((proto !== Object.prototype && proto !== null) || 'toJSON' in value) throw new Unrepresentable();
    op(NEW_TABLE, 0, 0);
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (isAbsent(item)) continue;
      addString(key);
      add(item, depth + 1);
      op(SET_FIELD, 0, 0);
    }
  }

  function reset(): void {
    opCount = 0;
    byteCount = 0;
    integers = [];
    floats = [];
  }

  return {
    prepare(value) {
      reset();
      try {
        add(value, 0);
      } catch (error) {
        if (!(error instanceof Unrepresentable)) throw error;
        reset();
        addString(JSON.stringify(value) ?? 'null');
      }
      const ints = integers.length === 0 ? NO_INTEGERS : new BigInt64Array(integers.length);
      for (let i = 0; i < integers.length; i++) ints[i] = integers[i]!;
      return {
        ops: ops.slice(0, opCount),
        bytes: bytes.slice(0, byteCount),
        integers: ints,
        floats: floats.length === 0 ? NO_FLOATS : new Float64Array(floats),
      };
    },
  };
}
