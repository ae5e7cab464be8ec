import type { GlueExports, GlueInstance } from './wasm-module.js';

/** Pseudo-index of the registry (LUAI_MAXSTACK = 1,000,000). */
export const LUA_REGISTRYINDEX = -1_001_000;

const LUA_OK = 0;
const LUA_TNUMBER = 3;
const LUA_TSTRING = 4;
const TYPE_NAMES = [
  'nil',
  'boolean',
  'userdata',
  'number',
  'string',
  'table',
  'function',
  'userdata',
  'thread',
];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export type CallStatus = { ok: true; value: string } | { ok: false; error: string };

/**
 * The raw C API of one Lua state, called straight on the glue's exports (no wrappers, nothing kept on
 * the JS side). Every string crosses as UTF-8 bytes through a malloc'd buffer, the same way on every
 * engine, so heap layouts stay identical.
 */
export interface LuaStack {
  readonly exports: GlueExports;
  /** Loads a text chunk and leaves it on the stack; throws with Lua's message if it does not compile. */
  loadChunk(source: string, chunkName: string): void;
  pushString(text: string): void;
  pushNumber(n: number): void;
  /** Pops the value on top into the registry; returns its reference. */
  ref(): number;
  /** Stores field `key` of the table on top of the stack in the registry; returns its reference. */
  refField(key: string): number;
  /** Pushes the value in registry reference `ref`. */
  pushRef(ref: number): void;
  /**
   * Calls the function below `nargs` arguments in protected mode; returns its first result as text (a
   * string or number; anything else gives "") or the error as text, and clears the stack back to `base`.
   */
  pcall(nargs: number, base: number): CallStatus;
  /** Calls in protected mode and leaves the one result on the stack; throws the Lua error as an Error. */
  pcallKeep(nargs: number): void;
  /** Like pcall, for a function returning a number. */
  pcallNumber(nargs: number, base: number): number;
  /** Name of upvalue `n` of the function at `index` ("" if none). */
  upvalueName(index: number, n: number): string;
  /** Upvalue `n` of the function at `index` as a number (left on the stack). */
  upvalueNumber(index: number, n: number): number;
  top(): number;
  setTop(index: number): void;
  clearHook(): void;
}

/**
 * `scratch`: an 8-byte block for lengths returned by lua_tolstring, allocated once at the same point of
 * every init (pass 0 to allocate it now).
 */
export function createLuaStack(
  glue: GlueInstance,
  L: number,
  scratchPointer = 0,
): LuaStack & { scratch: number } {
  const m = glue.exports;
  const scratch = scratchPointer || m.malloc(8);

  function withBytes<T>(text: string, use: (pointer: number, length: number) => T): T {
    const bytes = encoder.encode(text);
    const pointer = m.malloc(bytes.length + 1);
    if (pointer === 0) throw new RangeError(`cannot allocate ${bytes.length} bytes in the Lua heap`);
    const heap = glue.heap();
    heap.set(bytes, pointer);
    heap[pointer + bytes.length] = 0;
    try {
      return use(pointer, bytes.length);
    } finally {
      m.free(pointer);
    }
  }

  function readText(index: number): string {
    const type = m.lua_type(L, index);
    if (type !== LUA_TSTRING && type !== LUA_TNUMBER) return '';
    const pointer = m.lua_tolstring(L, index, scratch);
    const heap = glue.heap();
    const length =
      heap[scratch]! | (heap[scratch + 1]! << 8) | (heap[scratch + 2]! << 16) | (heap[scratch + 3]! << 24);
    return decoder.decode(heap.subarray(pointer, pointer + (length >>> 0)));
  }

  function errorText(index: number): string {
    const type = m.lua_type(L, index);
    if (type === LUA_TSTRING || type === LUA_TNUMBER) return readText(index);
    return `(error object is a ${TYPE_NAMES[type] ?? 'unknown'} value)`;
  }

  return {
    exports: m,
    scratch,
    loadChunk(source, chunkName) {
      const status = withBytes(chunkName, (name) =>
        withBytes('t', (mode) => withBytes(source, (p, n) => m.luaL_loadbufferx(L, p, n, name, mode))),
      );
      if (status !== LUA_OK) {
        const message = errorText(-1);
        m.lua_settop(L, -2);
        throw new Error(message);
      }
    },
    pushString(text) {
      withBytes(text, (p, n) => m.lua_pushlstring(L, p, n));
    },
    pushNumber(n) {
      m.lua_pushnumber(L, n);
    },
    ref() {
      return m.luaL_ref(L, LUA_REGISTRYINDEX);
    },
    refField(key) {
      withBytes(key, (p) => m.lua_getfield(L, -1, p));
      return m.luaL_ref(L, LUA_REGISTRYINDEX);
    },
    pushRef(ref) {
      m.lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(ref));
    },
    pcall(nargs, base) {
      const status = m.lua_pcallk(L, nargs, 1, 0, 0, 0);
      const result: CallStatus =
        status === LUA_OK ? { ok: true, value: readText(-1) } : { ok: false, error: errorText(-1) };
      m.lua_settop(L, base);
      return result;
    },
    pcallKeep(nargs) {
      const status = m.lua_pcallk(L, nargs, 1, 0, 0, 0);
      if (status !== LUA_OK) {
        const message = errorText(-1);
        m.lua_settop(L, -2);
        throw new Error(message);
      }
    },
    pcallNumber(nargs, base) {
      const status = m.lua_pcallk(L, nargs, 1, 0, 0, 0);
      if (status !== LUA_OK) {
        const message = errorText(-1);
        m.lua_settop(L, base);
        throw new Error(message);
      }
      const n = m.lua_tonumberx(L, -1, 0);
      m.lua_settop(L, base);
      return n;
    },
    upvalueName(index, n) {
      const pointer = m.lua_getupvalue(L, index, n);
      if (pointer === 0) return '';
      m.lua_settop(L, -2);
      const heap = glue.heap();
      let end = pointer;
      while (heap[end] !== 0) end++;
      return decoder.decode(heap.subarray(pointer, end));
    },
    upvalueNumber(index, n) {
      if (m.lua_getupvalue(L, index, n) === 0) return Number.NaN;
      return m.lua_tonumberx(L, -1, 0);
    },
    top: () => m.lua_gettop(L),
    setTop: (index) => m.lua_settop(L, index),
    clearHook: () => m.lua_sethook(L, 0, 0, 0),
  };
}
