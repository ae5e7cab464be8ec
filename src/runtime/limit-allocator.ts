import { uleb } from './wasm-leb.js';

/**
 * The Lua allocator (`lua_Alloc`) with a memory limit, as a tiny hand-assembled WebAssembly module that
 * imports the glue's `realloc` and `free`. It sits in the glue's function table, so every Lua
 * allocation is a wasm-to-wasm call (a JS allocator costs a boundary crossing each way per allocation).
 *
 * Semantics (those of wasmoon's traced allocator): `nsize == 0` frees `ptr` (subtracting `osize` from
 * `used` when `ptr` is set); otherwise the new total is `used + nsize - (ptr ? osize : 0)`, and a growing
 * request (`nsize > osize`) that would take it past `max` fails (returns 0, which Lua turns into "not
 * enough memory"); a successful `realloc` commits the new total. `used` and `max` are exported mutable
 * f64 globals the host reads and sets between calls (`max` = Infinity: no limit).
 *
 * Bytes Lua gives back are zeroed before `free` (a whole block) or a shrinking `realloc` (its tail):
 * stale copies of dead strings (message ids, signatures: random, incompressible) would otherwise stay
 * in the memory and in every checkpoint of it. A growing `realloc` of a block is done here as a new
 * block, a copy and the old block zeroed and freed (the glue's `realloc` would leave the old bytes behind
 * when it moves the block). The memory stays a function of the allocation sequence.
 */
export interface LimitAllocator {
  /** The `lua_Alloc` function, to be put in the glue's function table. */
  alloc: unknown;
  used: { value: number };
  max: { value: number };
}

const I32 = 0x7f;
const F64 = 0x7c;

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(text: string): number[] {
  return [...uleb(text.length), ...[...text].map((c) => c.charCodeAt(0))];
}

function f64(value: number): number[] {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value, true);
  return [...bytes];
}

// Opcodes used below.
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const GLOBAL_GET = 0x23;
const GLOBAL_SET = 0x24;
const IF = 0x04;
const ELSE = 0x05;
const END = 0x0b;
const RETURN = 0x0f;
const CALL = 0x10;
const I32_CONST = 0x41;
const F64_CONST = 0x44;
const I32_EQZ = 0x45;
const I32_GT_U = 0x4b;
const I32_AND = 0x71;
const F64_GT = 0x64;
const F64_ADD = 0xa0;
const F64_SUB = 0xa1;
const F64_CONVERT_I32_U = 0xb8;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_LT_U = 0x49;
const MEMORY_FILL = [0xfc, 0x0b, 0x00];
const MEMORY_COPY = [0xfc, 0x0a, 0x00, 0x00];
const VOID = 0x40;

// Function indices: imports first (0 realloc, 1 free), then alloc (2). Globals: 0 used, 1 max.
// alloc params: 0 ud, 1 ptr, 2 osize, 3 nsize; local 4: the new total (f64), local 5: a new block (i32).
// biome-ignore format: one line per step of the function
const BODY = [
  2, 1, F64, 1, I32, // locals: one f64, one i32
  // nsize == 0: free ptr (if any), used -= osize, return NULL
  LOCAL_GET, 3, I32_EQZ, IF, VOID,
    LOCAL_GET, 1, IF, VOID,
      GLOBAL_GET, 0, LOCAL_GET, 2, F64_CONVERT_I32_U, F64_SUB, GLOBAL_SET, 0,
      LOCAL_GET, 1, I32_CONST, 0, LOCAL_GET, 2, ...MEMORY_FILL, // zero the block's bytes
      LOCAL_GET, 1, CALL, 1,
    END,
    I32_CONST, 0, RETURN,
  END,
  // total = used + nsize - (ptr ? osize : 0)
  GLOBAL_GET, 0,
  LOCAL_GET, 3, F64_CONVERT_I32_U,
  LOCAL_GET, 1, IF, F64, LOCAL_GET, 2, F64_CONVERT_I32_U, ELSE, F64_CONST, ...f64(0), END,
  F64_SUB, F64_ADD, LOCAL_SET, 4,
  // nsize > osize and total > max: fail
  LOCAL_GET, 3, LOCAL_GET, 2, I32_GT_U,
  LOCAL_GET, 4, GLOBAL_GET, 1, F64_GT,
  I32_AND, IF, VOID, I32_CONST, 0, RETURN, END,
  // shrinking (ptr set, nsize < osize): zero the bytes given up before realloc may reuse them
  LOCAL_GET, 1, I32_EQZ, I32_EQZ, LOCAL_GET, 3, LOCAL_GET, 2, I32_LT_U, I32_AND, IF, VOID,
    LOCAL_GET, 1, LOCAL_GET, 3, I32_ADD, I32_CONST, 0, LOCAL_GET, 2, LOCAL_GET, 3, I32_SUB, ...MEMORY_FILL,
  END,
  // growing (ptr set, nsize > osize): a new block, the bytes copied over, the old block zeroed and freed
  LOCAL_GET, 1, I32_EQZ, I32_EQZ, LOCAL_GET, 3, LOCAL_GET, 2, I32_GT_U, I32_AND, IF, VOID,
    I32_CONST, 0, LOCAL_GET, 3, CALL, 0, LOCAL_TEE, 5, I32_EQZ, IF, VOID, I32_CONST, 0, RETURN, END,
    LOCAL_GET, 5, LOCAL_GET, 1, LOCAL_GET, 2, ...MEMORY_COPY,
    LOCAL_GET, 1, I32_CONST, 0, LOCAL_GET, 2, ...MEMORY_FILL,
    LOCAL_GET, 1, CALL, 1,
    LOCAL_GET, 4, GLOBAL_SET, 0,
    LOCAL_GET, 5, RETURN,
  END,
  // ptr = realloc(ptr, nsize); on success used = total; return ptr
  LOCAL_GET, 1, LOCAL_GET, 3, CALL, 0, LOCAL_TEE, 1,
  IF, VOID, LOCAL_GET, 4, GLOBAL_SET, 0, END,
  LOCAL_GET, 1,
  END,
];

// biome-ignore format: one line per entry
const BYTES = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  ...section(1, [ // types
    3,
    0x60, 2, I32, I32, 1, I32, // 0: realloc
    0x60, 1, I32, 0, // 1: free
    0x60, 4, I32, I32, I32, I32, 1, I32, // 2: lua_Alloc
  ]),
  ...section(2, [ // imports
    3,
    ...name('m'), ...name('realloc'), 0x00, 0,
    ...name('m'), ...name('free'), 0x00, 1,
    ...name('m'), ...name('memory'), 0x02, 0x00, 0, // the glue's memory (any size)
  ]),
  ...section(3, [1, 2]), // functions: alloc has type 2
  ...section(6, [ // globals: mutable f64 used = 0, max = Infinity
    2,
    F64, 1, F64_CONST, ...f64(0), END,
    F64, 1, F64_CONST, ...f64(Number.POSITIVE_INFINITY), END,
  ]),
  ...section(7, [ // exports
    3,
    ...name('alloc'), 0x00, 2,
    ...name('used'), 0x03, 0,
    ...name('max'), 0x03, 1,
  ]),
  ...section(10, [1, ...uleb(BODY.length), ...BODY]), // code
]);

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | undefined;

/** A fresh allocator (its own counters) over one glue instance's `realloc` and `free` exports. */
export function createLimitAllocator(realloc: unknown, free: unknown, memory: unknown): LimitAllocator {
  compiled ??= new WA.Module(BYTES);
  const { exports } = new WA.Instance(compiled, { m: { realloc, free, memory } });
  return {
    alloc: exports.alloc,
    used: exports.used as { value: number },
    max: exports.max as { value: number },
  };
}
