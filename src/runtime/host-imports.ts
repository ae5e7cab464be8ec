/**
 * The emscripten imports of wasmoon's glue that read the host: the wall clock (`time()`, which Lua 5.4
 * mixes into its string-hash seed) and the host time zone (`tzset`, `localtime`, `mktime`, which write
 * zone offsets and names into linear memory). Each engine gets them pinned: the clock reads 0 and the
 * zone is UTC without daylight saving, named "GMT", so no host state can reach the heap through them.
 * Everything else passes through.
 */
export type WasmImports = Record<string, Record<string, unknown>>;

export interface HeapAccess {
  memory(): ArrayBufferLike;
  malloc(size: number): number;
}

type GmTime = (time: bigint, tm: number) => void;

/**
 * What the pinned wall clock reads (ms). Lua 5.4 mixes `time()` into its string-hash seed, so this
 * constant fixes the `pairs` order of string keys. Any value is deterministic; this one was chosen by
 * search so that a small mixed table iterates in the same order as in the reference aos module
 * (conformance scenario `pairs-order`, step 2). Changing it changes every process's memory image.
 */
export let HASH_SEED_CLOCK_MS = 19_000;

/** For the seed search only (scripts/): sets the pinned clock for engines created afterwards. */
export function setHashSeedClockForSearch(ms: number): void {
  HASH_SEED_CLOCK_MS = ms;
}

export function pinHostImports(imports: WasmImports, heap: HeapAccess): WasmImports {
  const env = imports.env ?? {};
  const gmtime = env._gmtime_js as GmTime | undefined;
  if (typeof gmtime !== 'function') throw new Error('wasmoon glue has no _gmtime_js import to pin time to');

  const view = () => new DataView(heap.memory());
  const utcTime: GmTime = (time, tm) => {
    gmtime(time, tm);
    view().setInt32(tm + 32, 0, true); // tm_isdst
    view().setInt32(tm + 36, 0, true); // tm_gmtoff
  };
  const newCString = (text: string): number => {
    const pointer = heap.malloc(text.length + 1);
    const bytes = new Uint8Array(heap.memory(), pointer, text.length + 1);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    bytes[text.length] = 0;
    return pointer;
  };

  const pinned: Record<string, unknown> = {
    ...env,
    emscripten_date_now: () => HASH_SEED_CLOCK_MS,
    _tzset_js: (timezone: number, daylight: number, names: number) => {
      view().setUint32(timezone, 0, true);
      view().setInt32(daylight, 0, true);
      view().setUint32(names, newCString('GMT'), true);
      view().setUint32(names + 4, newCString('GMT'), true);
    },
    _localtime_js: utcTime,
    _mktime_js: (tm: number) => {
      const v = view();
      const ms = Date.UTC(
        v.getInt32(tm + 20, true) + 1900,
        v.getInt32(tm + 16, true),
        v.getInt32(tm + 12, true),
        v.getInt32(tm + 8, true),
        v.getInt32(tm + 4, true),
        v.getInt32(tm, true),
      );
      if (Number.isNaN(ms)) return -1n;
      const seconds = BigInt(Math.floor(ms / 1000));
      utcTime(seconds, tm);
      return seconds;
    },
  };
  const result: WasmImports = { ...imports, env: pinned };
  if (imports.wasi_snapshot_preview1 === imports.env) result.wasi_snapshot_preview1 = pinned;
  return result;
}
