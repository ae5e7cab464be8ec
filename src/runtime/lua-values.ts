import { Buffer } from 'node:buffer';
import type { GlueExports, GlueInstance } from './wasm-module.js';

/**
 * Pushes JSON-like JS values onto a Lua stack as the Lua values the library's `json.decode` would give
 * for their `JSON.stringify` text, built straight through the C API (a Lua JSON decoder costs far more
 * per byte than a few calls per value):
 *  - strings as their UTF-8 bytes; booleans as booleans;
 *  - numbers as Lua's `tonumber` reads their JSON text: integers (no exponent, within 64 bits) as
 *    Lua integers, anything else as floats; NaN and ±Infinity (JSON null) as nil;
 *  - objects as tables filled key by key in property order (null/undefined fields left out), arrays as
 *    tables filled 1..n (a null leaves a hole), each starting empty, as the decoder builds them (an
 *    array without holes starts with its array part sized: same pairs order and length); except
 *    an array element that is exactly `{name, value}` with two plain strings (no quote, backslash or
 *    control character), which the decoder builds with a two-field constructor: a table presized for 2.
 * Values the decoder cannot give the same way (strings with lone surrogates, nesting deeper than
 * MAX_DEPTH, non-plain objects) are pushed as their JSON text instead; the Lua side decodes a string.
 *
 * A value is first turned into a `LuaValue` (an immutable push plan holding its strings), which can be
 * pushed any number of times with the same effect on the Lua heap: the strings of a push are encoded
 * into one malloc'd block, freed right after, the same way every time (heap layouts stay identical).
 */
export interface LuaValue {
  /** Triples (operation, a, b). */
  readonly ops: Int32Array;
  readonly strings: readonly string[];
  /** UTF-8 bytes of all the strings. */
  readonly byteLength: number;
  readonly integers: readonly bigint[];
  readonly floats: readonly number[];
}

export interface LuaValueWriter {
  /** The push plan of a value (a snapshot: later changes to `value` do not reach it). */
  prepare(value: unknown): LuaValue;
  /** Pushes `values` in order; each takes one stack slot. */
  push(values: readonly LuaValue[]): void;
}

const MAX_DEPTH = 12;

// Operations of a push plan.
const NEW_TABLE = 0; // a: record size hint, b: array size hint
const STRING = 1; // a: offset, b: length
const INTEGER = 2; // a: index in integers
const FLOAT = 3; // a: value
const BOOLEAN = 4; // a: 0/1
const SET_FIELD = 5; // table at -3 [key at -2] = value at -1
const SET_INDEX = 6; // table at -2 [a] = value at -1
const NIL = 7;

const LUA_MAX_INTEGER = 2n ** 63n - 1n;
const LUA_MIN_INTEGER = -(2n ** 63n);
/** Array indices as the BigInts lua_rawseti takes, made once. */
const SMALL_INDICES = Array.from({ length: 256 }, (_, i) => BigInt(i));
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

export function createLuaValueWriter(glue: GlueInstance, L: number): LuaValueWriter {
  const m: GlueExports = glue.exports;
  const encoder = new TextEncoder();
  // The plan being built: triples in a reused buffer (doubled when full), copied out by prepare.
  let ops = new Int32Array(768);
  let opCount = 0;
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
  let strings: string[] = [];
  let byteLength = 0;
  let integers: bigint[] = [];
  let floats: number[] = [];

  function addString(text: string): void {
    const n = text.length;
    let i = 0;
    while (i < n && text.charCodeAt(i) < 0x80) i++;
    let length = n;
    if (i < n) {
      if (!(text as unknown as WellFormed).isWellFormed()) throw new Unrepresentable();
      length = Buffer.byteLength(text, 'utf8');
    }
    op(STRING, strings.length, length);
    strings.push(text);
    byteLength += length;
  }

  /** Writes `text` (`length` UTF-8 bytes) at `at`. */
  function writeString(heap: Uint8Array, at: number, text: string, length: number): void {
    // Short ASCII by hand; the encoder's call costs more than it saves below a few dozen bytes.
    if (length === text.length && length <= 48) {
      for (let i = 0; i < length; i++) heap[at + i] = text.charCodeAt(i);
    } else {
      encoder.encodeInto(text, heap.subarray(at, at + length));
    }
  }

  function addNumber(n: number): void {
    if (Number.isSafeInteger(n)) {
      // Its JSON text is its exact decimal: a Lua integer (-0 reads as 0).
      op(INTEGER, integers.length, 0);
      integers.push(BigInt(n));
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
        op(INTEGER, integers.length, 0);
        integers.push(value);
        return;
      }
    }
    op(FLOAT, floats.length, 0);
    floats.push(n);
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

  /** Pushes one plan whose strings start at `base`; returns the end of its strings. */
  function run(value: LuaValue, base: number): void {
    const { ops: plan, integers: ints, floats: nums } = value;
    let at = base;
    for (let i = 0; i < plan.length; i += 3) {
      const a = plan[i + 1]!;
      switch (plan[i]) {
        case NEW_TABLE:
          m.lua_createtable(L, plan[i + 2]!, a);
          break;
        case STRING: {
          const length = plan[i + 2]!;
          m.lua_pushlstring(L, at, length);
          at += length;
          break;
        }
        case INTEGER:
          m.lua_pushinteger(L, ints[a]!);
          break;
        case FLOAT:
          m.lua_pushnumber(L, nums[a]!);
          break;
        case BOOLEAN:
          m.lua_pushboolean(L, a);
          break;
        case SET_FIELD:
          m.lua_rawset(L, -3);
          break;
        case SET_INDEX:
          m.lua_rawseti(L, -2, a < SMALL_INDICES.length ? SMALL_INDICES[a]! : BigInt(a));
          break;
        case NIL:
          m.lua_pushnil(L);
          break;
      }
    }
  }

  function reset(): void {
    opCount = 0;
    strings = [];
    byteLength = 0;
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
      return { ops: ops.slice(0, opCount), strings, byteLength, integers, floats };
    },
    push(values) {
      let total = 0;
      for (const value of values) total += value.byteLength;
      const pointer = m.malloc(total + 1);
      if (pointer === 0) throw new RangeError(`cannot allocate ${total} bytes in the Lua heap`);
      const heap = glue.heap();
      let at = pointer;
      for (const value of values) {
        const { ops: plan, strings: texts } = value;
        for (let i = 0; i < plan.length; i += 3) {
          if (plan[i] !== STRING) continue;
          const length = plan[i + 2]!;
          writeString(heap, at, texts[plan[i + 1]!]!, length);
          at += length;
        }
      }
      try {
        at = pointer;
        for (const value of values) {
          run(value, at);
          at += value.byteLength;
        }
      } finally {
        m.free(pointer);
      }
    },
  };
}
