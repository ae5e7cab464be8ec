import { LUA_REGISTRYINDEX, type LuaWasm } from 'wasmoon';

/**
 * The raw C API of one Lua state, used directly instead of wasmoon's JS wrappers so that nothing is
 * kept on the JS side (wasmoon's function wrappers hold registry references released by the JS garbage
 * collector, at times no replay could reproduce). Every string crosses as UTF-8 bytes through a
 * malloc'd buffer, the same way on every engine, so heap layouts stay identical.
 */
interface RawModule {
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  _malloc(size: number): number;
  _free(pointer: number): void;
  _lua_gettop(L: number): number;
  _lua_settop(L: number, index: number): void;
  _lua_type(L: number, index: number): number;
  _lua_pushlstring(L: number, pointer: number, length: number): number;
  _lua_pushnumber(L: number, n: number): void;
  _lua_rawgeti(L: number, index: number, n: bigint): number;
  _lua_getfield(L: number, index: number, key: number): number;
  _lua_pcallk(L: number, nargs: number, nresults: number, errfunc: number, ctx: number, k: number): number;
  _lua_tolstring(L: number, index: number, lengthOut: number): number;
  _lua_tonumberx(L: number, index: number, isNumOut: number): number;
  _lua_sethook(L: number, hook: number, mask: number, count: number): void;
  _luaL_ref(L: number, table: number): number;
  _luaL_loadbufferx(L: number, buffer: number, size: number, name: number, mode: number): number;
}

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

export interface LuaStack {
  readonly module: RawModule;
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
  top(): number;
  setTop(index: number): void;
  clearHook(): void;
}

export function createLuaStack(luaWasm: LuaWasm, L: number): LuaStack {
  const m = luaWasm.module as unknown as RawModule;
  // Scratch word for lengths returned by lua_tolstring; allocated once, at the same point of every init.
  const scratch = m._malloc(8);

  function withBytes<T>(text: string, use: (pointer: number, length: number) => T): T {
    const bytes = encoder.encode(text);
    const pointer = m._malloc(bytes.length + 1);
    if (pointer === 0) throw new RangeError(`cannot allocate ${bytes.length} bytes in the Lua heap`);
    m.HEAPU8.set(bytes, pointer);
    m.HEAPU8[pointer + bytes.length] = 0;
    try {
      return use(pointer, bytes.length);
    } finally {
      m._free(pointer);
    }
  }

  function readText(index: number): string {
    const type = m._lua_type(L, index);
    if (type !== LUA_TSTRING && type !== LUA_TNUMBER) return '';
    const pointer = m._lua_tolstring(L, index, scratch);
    const length = m.HEAPU32[scratch >> 2] ?? 0;
    return decoder.decode(m.HEAPU8.subarray(pointer, pointer + length));
  }

  function errorText(index: number): string {
    const type = m._lua_type(L, index);
    if (type === LUA_TSTRING || type === LUA_TNUMBER) return readText(index);
    return `(error object is a ${TYPE_NAMES[type] ?? 'unknown'} value)`;
  }

  return {
    module: m,
    loadChunk(source, chunkName) {
      const status = withBytes(chunkName, (name) =>
        withBytes('t', (mode) => withBytes(source, (p, n) => m._luaL_loadbufferx(L, p, n, name, mode))),
      );
      if (status !== LUA_OK) {
        const message = errorText(-1);
        m._lua_settop(L, -2);
        throw new Error(message);
      }
    },
    pushString(text) {
      withBytes(text, (p, n) => m._lua_pushlstring(L, p, n));
    },
    pushNumber(n) {
      m._lua_pushnumber(L, n);
    },
    ref() {
      return m._luaL_ref(L, LUA_REGISTRYINDEX);
    },
    refField(key) {
      withBytes(key, (p) => m._lua_getfield(L, -1, p));
      return m._luaL_ref(L, LUA_REGISTRYINDEX);
    },
    pushRef(ref) {
      m._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(ref));
    },
    pcall(nargs, base) {
      const status = m._lua_pcallk(L, nargs, 1, 0, 0, 0);
      const result: CallStatus =
        status === LUA_OK ? { ok: true, value: readText(-1) } : { ok: false, error: errorText(-1) };
      m._lua_settop(L, base);
      return result;
    },
    pcallKeep(nargs) {
      const status = m._lua_pcallk(L, nargs, 1, 0, 0, 0);
      if (status !== LUA_OK) {
        const message = errorText(-1);
        m._lua_settop(L, -2);
        throw new Error(message);
      }
    },
    pcallNumber(nargs, base) {
      const status = m._lua_pcallk(L, nargs, 1, 0, 0, 0);
      if (status !== LUA_OK) {
        const message = errorText(-1);
        m._lua_settop(L, base);
        throw new Error(message);
      }
      const n = m._lua_tonumberx(L, -1, 0);
      m._lua_settop(L, base);
      return n;
    },
    top: () => m._lua_gettop(L),
    setTop: (index) => m._lua_settop(L, index),
    clearHook: () => m._lua_sethook(L, 0, 0, 0),
  };
}
