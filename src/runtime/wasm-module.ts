import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHostImports } from './host-imports.js';
import { createLimitAllocator, type LimitAllocator } from './limit-allocator.js';
import { usedLength } from './memory.js';
import { readUleb, uleb } from './wasm-leb.js';
import { meterLoops } from './wasm-loop-meter.js';

/** The export name of the loop meter's counter. */
export const LOOP_BUDGET = 'aolite_loop_budget';

/**
 * Instances of the Lua 5.4 glue WASM that ships with wasmoon, driven directly: the module is compiled
 * once per Node process, and each instance gets the imports of host-imports.ts (no emscripten JS
 * runtime, no wasmoon wrappers: nothing per engine on the JS side but the instance and a few closures).
 * Each instance has its own linear memory and function table, so a Lua state in it is independent.
 */

/** The glue exports used here (the raw C API and the C runtime pieces). */
export interface GlueExports {
  memory: WasmMemory;
  /**
   * The loop meter's budget (wasm-loop-meter.ts), in units left: a loop iteration takes 1 and traps on
   * reaching 0, a bulk copy or fill 1 per 16 bytes and traps at or below 0; UNMETERED between metered calls.
   */
  [LOOP_BUDGET]: { value: bigint };
  __indirect_function_table: WasmTable;
  __wasm_call_ctors(): void;
  emscripten_stack_init(): void;
  emscripten_stack_get_end(): number;
  stackSave(): number;
  stackRestore(pointer: number): void;
  setThrew(threw: number, value: number): void;
  malloc(size: number): number;
  free(pointer: number): void;
  realloc(pointer: number, size: number): number;
  lua_newstate(alloc: number, ud: number): number;
  luaL_openlibs(L: number): void;
  lua_close(L: number): void;
  lua_gettop(L: number): number;
  lua_settop(L: number, index: number): void;
  lua_type(L: number, index: number): number;
  lua_pushlstring(L: number, pointer: number, length: number): number;
  lua_pushnumber(L: number, n: number): void;
  lua_pushinteger(L: number, n: bigint): void;
  lua_pushboolean(L: number, b: number): void;
  lua_pushnil(L: number): void;
  lua_rawset(L: number, index: number): void;
  lua_getupvalue(L: number, funcIndex: number, n: number): number;
  lua_createtable(L: number, narr: number, nrec: number): void;
  lua_setfield(L: number, index: number, key: number): void;
  lua_rawseti(L: number, index: number, n: bigint): void;
  lua_rawgeti(L: number, index: number, n: bigint): number;
  lua_getfield(L: number, index: number, key: number): number;
  lua_pcallk(L: number, nargs: number, nresults: number, errfunc: number, ctx: number, k: number): number;
  lua_tolstring(L: number, index: number, lengthOut: number): number;
  lua_tonumberx(L: number, index: number, isNumOut: number): number;
  lua_sethook(L: number, hook: number, mask: number, count: number): void;
  luaL_ref(L: number, table: number): number;
  luaL_loadbufferx(L: number, buffer: number, size: number, name: number, mode: number): number;
}

interface WasmMemory {
  buffer: ArrayBufferLike;
  grow(pages: number): number;
}
interface WasmTable {
  length: number;
  get(index: number): unknown;
  set(index: number, value: unknown): void;
  grow(delta: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export interface GlueInstance {
  exports: GlueExports;
  allocator: LimitAllocator;
  /** Table index of the allocator (the same in every instance). */
  allocIndex: number;
  /** Bytes at the start of a fresh memory that may be non-zero (the glue's data segments). */
  dataLength: number;
  /** The linear memory as bytes; a new view after the memory grew. */
  heap(): Uint8Array;
}

let compiled: object | undefined;
let dataLength: number | undefined;

/**
 * Initial linear memory of an instance, in 64 KiB pages: the glue's data and its 1 MiB C stack end at
 * 1,083,712 bytes; the Lua heap grows from there through `emscripten_resize_heap`. (The glue declares
 * 256 pages, 16 MiB: every snapshot, hash and restore would then scan 16 MiB for non-zero pages.)
 */
const INITIAL_PAGES = 18;

let glue: Uint8Array | undefined;

/** The bytes of wasmoon's Lua 5.4 build (glue.wasm) as shipped, read once. */
export function glueBytes(): Uint8Array {
  glue ??= readFileSync(createRequire(import.meta.url).resolve('wasmoon/dist/glue.wasm'));
  return glue;
}

/** The glue as instances run it: its initial memory sized, and the loop meter written in. */
function glueModule(): object {
  compiled ??= new WA.Module(meterLoops(withInitialPages(glueBytes(), INITIAL_PAGES), LOOP_BUDGET).bytes);
  return compiled;
}

/** The module with the minimum size of its (one, defined) memory set to `pages`. */
export function withInitialPages(bytes: Uint8Array, pages: number): Uint8Array {
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at]!;
    const size = readUleb(bytes, at + 1);
    const end = size.next + size.value;
    if (id === 5) {
      const count = readUleb(bytes, size.next);
      if (count.value !== 1) break;
      const flags = bytes[count.next]!;
      const min = readUleb(bytes, count.next + 1);
      const body = [1, flags, ...uleb(pages), ...bytes.subarray(min.next, end)];
      const section = [5, ...uleb(body.length), ...body];
      const out = new Uint8Array(at + section.length + bytes.length - end);
      out.set(bytes.subarray(0, at));
      out.set(section, at);
      out.set(bytes.subarray(end), at + section.length);
      return out;
    }
    at = end;
  }
  throw new Error('the Lua glue WASM has no memory section to size');
}

/**
 * A new glue instance with the limit allocator in its function table. Its memory holds the glue's
 * data segments; callers either run the C runtime start-up (`startGlue`) or write a memory image taken
 * at an idle point of another instance over it.
 */
export function instantiateGlue(): GlueInstance {
  let exports: GlueExports | undefined;
  let table: WasmTable | undefined;
  const entries: Array<(a: number, b: number) => void> = [];
  const ready = (): GlueExports => {
    if (!exports) throw new Error('the Lua glue called the host before it was instantiated');
    return exports;
  };
  const imports = createHostImports({
    memory: () => ready().memory.buffer,
    malloc: (size) => ready().malloc(size),
    stackSave: () => ready().stackSave(),
    stackRestore: (pointer) => ready().stackRestore(pointer),
    setThrew: (threw, value) => ready().setThrew(threw, value),
    tableEntry: (index) => {
      let entry = entries[index];
      if (!entry) {
        entry = table?.get(index) as (a: number, b: number) => void;
        entries[index] = entry;
      }
      return entry;
    },
    charge: (units) => {
      const budget = ready()[LOOP_BUDGET];
      const left = budget.value - BigInt(units);
      budget.value = left;
      return left > 0n;
    },
    grow: (pages) => {
      try {
        ready().memory.grow(pages);
        return true;
      } catch {
        return false;
      }
    },
  });
  const instance = new WA.Instance(glueModule(), imports);
  exports = instance.exports as unknown as GlueExports;
  table = exports.__indirect_function_table;
  const allocator = createLimitAllocator(exports.realloc, exports.free, exports.memory);
  const allocIndex = table.grow(1);
  table.set(allocIndex, allocator.alloc);
  const memory = exports.memory;
  let view = new Uint8Array(memory.buffer);
  dataLength ??= usedLength(view);
  return {
    exports,
    allocator,
    allocIndex,
    dataLength,
    heap() {
      // Growing the memory detaches the old buffer: its views read as empty.
      if (view.byteLength === 0) view = new Uint8Array(memory.buffer);
      return view;
    },
  };
}

/** The C runtime start-up, as emscripten runs it: stack limits, the stack cookie, constructors. */
export function startGlue(glue: GlueInstance): void {
  const { exports } = glue;
  exports.emscripten_stack_init();
  const end = exports.emscripten_stack_get_end() || 4;
  const words = new Uint32Array(exports.memory.buffer);
  words[end >> 2] = 0x02135467;
  words[(end + 4) >> 2] = 0x89bacdfe;
  words[0] = 0x63736d65;
  exports.__wasm_call_ctors();
}

/** Sets the stack limits of an instance whose memory comes from an image (they are wasm globals). */
export function resumeGlue(glue: GlueInstance): void {
  glue.exports.emscripten_stack_init();
}
