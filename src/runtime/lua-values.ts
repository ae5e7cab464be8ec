import {
  BOOLEAN,
  createLuaPlanBuilder,
  FLOAT,
  INTEGER,
  type LuaValue,
  NEW_TABLE,
  NIL,
  SET_FIELD,
  SET_INDEX,
  STRING,
} from './lua-plan.js';
import type { GlueExports, GlueInstance } from './wasm-module.js';

export type { LuaValue } from './lua-plan.js';

/**
 * Builds push plans (lua-plan.ts) and runs them on one Lua stack through the C API. A plan can be
 * pushed any number of times with the same effect on the Lua heap: the strings of a push are copied
 * into one malloc'd block, freed right after, the same way every time (heap layouts stay identical).
 */
export interface LuaValueWriter {
  /** The push plan of a value (a snapshot: later changes to `value` do not reach it). */
  prepare(value: unknown): LuaValue;
  /** Pushes `values` in order; each takes one stack slot. */
  push(values: readonly LuaValue[]): void;
}

/** Array indices as the BigInts lua_rawseti takes, made once. */
const SMALL_INDICES = Array.from({ length: 256 }, (_, i) => BigInt(i));

export function createLuaValueWriter(glue: GlueInstance, L: number): LuaValueWriter {
  const m: GlueExports = glue.exports;
  const builder = createLuaPlanBuilder();

  /** Pushes one plan whose string bytes start at `at` in the heap. */
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

  return {
    prepare: (value) => builder.prepare(value),
    push(values) {
      let total = 0;
      for (const value of values) total += value.bytes.byteLength;
      const pointer = m.malloc(total + 1);
      if (pointer === 0) throw new RangeError(`cannot allocate ${total} bytes in the Lua heap`);
      const heap = glue.heap();
      let at = pointer;
      for (const value of values) {
        heap.set(value.bytes, at);
        at += value.bytes.byteLength;
      }
      try {
        at = pointer;
        for (const value of values) {
          run(value, at);
          at += value.bytes.byteLength;
        }
      } finally {
        m.free(pointer);
      }
    },
  };
}
