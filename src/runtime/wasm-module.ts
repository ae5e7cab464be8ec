import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { LuaFactory, type LuaWasm } from 'wasmoon';
import { pinHostImports, type WasmImports } from './host-imports.js';

/**
 * One instance of wasmoon's emscripten module (its own linear memory and function table), with the raw
 * WebAssembly exports wasmoon keeps private (needed to put the C stack pointer back after a trap).
 *
 * The glue WASM is compiled once per Node process: wasmoon always hands emscripten the file bytes, so
 * while a module is being created `WebAssembly.instantiate` is briefly wrapped to reuse the compiled
 * `WebAssembly.Module` for those bytes (anything else passes through untouched). The same hook pins the
 * glue's clock and time-zone imports (host-imports.ts).
 */
export interface LuaWasmInstance {
  luaWasm: LuaWasm;
  stackSave(): number;
  stackRestore(pointer: number): void;
}

/**
 * emscripten fills the C environment (`getenv`, read by `luaopen_package`) from these keys; its defaults
 * include the script path (`_`) and the host locale (`LANG`), which would end up in linear memory.
 * `undefined` removes a key, so every engine sees an empty, identical environment.
 */
const EMPTY_ENVIRONMENT: Record<string, string | undefined> = {
  USER: undefined,
  LOGNAME: undefined,
  PATH: undefined,
  PWD: undefined,
  HOME: undefined,
  LANG: undefined,
  _: undefined,
};

/** The part of the WebAssembly JS API used here (the project's TS lib has no WebAssembly typings). */
interface WasmInstance {
  exports: Record<string, unknown>;
}
interface WasmMemory {
  buffer: ArrayBufferLike;
}
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(source: unknown, imports?: WasmImports): Promise<unknown>;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface RawExports {
  stackSave(): number;
  stackRestore(pointer: number): void;
}

let compiled: Promise<{ module: object; byteLength: number }> | undefined;
let pending = 0;
const originalInstantiate = WA.instantiate;
const instancesByBuffer = new WeakMap<ArrayBufferLike, WasmInstance>();

function byteLengthOf(source: unknown): number {
  if (source instanceof ArrayBuffer) return source.byteLength;
  if (ArrayBuffer.isView(source)) return source.byteLength;
  return -1;
}

function compileGlue(): Promise<{ module: object; byteLength: number }> {
  compiled ??= (async () => {
    const path = createRequire(import.meta.url).resolve('wasmoon/dist/glue.wasm');
    const bytes = readFileSync(path);
    return { module: await WA.compile(bytes), byteLength: bytes.byteLength };
  })();
  return compiled;
}

async function instantiateWithCache(source: unknown, imports?: WasmImports): Promise<unknown> {
  const glue = await compileGlue();
  if (byteLengthOf(source) !== glue.byteLength) return originalInstantiate.call(WA, source, imports);
  let exports: Record<string, unknown> = {};
  const heap = {
    memory: () => (exports.memory as WasmMemory).buffer,
    malloc: (size: number) => (exports.malloc as (n: number) => number)(size),
  };
  // Given a compiled module, instantiate resolves to the instance itself.
  const instance = (await originalInstantiate.call(
    WA,
    glue.module,
    pinHostImports(imports ?? {}, heap),
  )) as WasmInstance;
  exports = instance.exports;
  const memory = instance.exports.memory;
  if (memory instanceof WA.Memory) instancesByBuffer.set(memory.buffer, instance);
  return { module: glue.module, instance };
}

/** Creates a fresh emscripten module instance (its own heap) for one engine. */
export async function loadLuaWasm(): Promise<LuaWasmInstance> {
  pending++;
  if (pending === 1) {
    WA.instantiate = instantiateWithCache;
  }
  let luaWasm: LuaWasm;
  try {
    luaWasm = await new LuaFactory(undefined, EMPTY_ENVIRONMENT).getLuaModule();
  } finally {
    pending--;
    if (pending === 0) WA.instantiate = originalInstantiate;
  }
  const instance = instancesByBuffer.get(luaWasm.module.HEAPU8.buffer);
  if (!instance) throw new Error('wasmoon module instance was not seen while loading');
  const raw = instance.exports as unknown as RawExports;
  return {
    luaWasm,
    stackSave: () => raw.stackSave(),
    stackRestore: (pointer) => raw.stackRestore(pointer),
  };
}
